package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.volume.api.ServiceAdmin;

@Command(scope = "scoria", name = "backend-enable", description = "Lets the scheduler place new volumes on a backend again.")
@Service
public class BackendEnableCommand implements Action {

    @Argument(index = 0, name = "backend", description = "The backend, host@backend", required = true)
    @Completion(BackendCompleter.class)
    private String backend;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private ServiceAdmin services;

    @Override
    public Object execute() {
        BackendSwitch.print(BackendSwitch.set(services, backend, true, null), noFormat);
        return null;
    }
}
