package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "scoria", name = "backend-disable",
        description = "Stops the scheduler from placing new volumes on a backend; requests for its volumes still run.")
@Service
public class BackendDisableCommand extends BackendCommand {

    @Option(name = "-r", aliases = "--reason", description = "Why, shown with the backend")
    private String reason = "disabled by an operator";

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Override
    public Object execute() {
        print(setEnabled(false, reason), noFormat);
        return null;
    }
}
