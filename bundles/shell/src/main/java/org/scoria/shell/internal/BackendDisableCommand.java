package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.volume.api.ServiceAdmin;

@Command(scope = "scoria", name = "backend-disable",
        description = "Stops the scheduler from placing new volumes on a backend; requests for its volumes still run.")
@Service
public class BackendDisableCommand implements Action {

    @Argument(index = 0, name = "backend", description = "The backend, host@backend", required = true)
    @Completion(BackendCompleter.class)
    private String backend;

    @Option(name = "-r", aliases = "--reason", description = "Why, shown with the backend")
    private String reason = "disabled by an operator";

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private ServiceAdmin services;

    @Override
    public Object execute() {
        BackendSwitch.print(BackendSwitch.set(services, backend, false, reason), noFormat);
        return null;
    }
}
