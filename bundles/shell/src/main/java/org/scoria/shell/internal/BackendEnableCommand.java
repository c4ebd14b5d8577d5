package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "scoria", name = "backend-enable", description = "Lets the scheduler place new volumes on a backend again.")
@Service
public class BackendEnableCommand extends BackendCommand {

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Override
    public Object execute() {
        print(setEnabled(true, null), noFormat);
        return null;
    }
}
