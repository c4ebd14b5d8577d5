package org.scoria.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.scheduler.BackendState;

@Command(scope = "scoria", name = "backend-list", description = "Lists the backends the scheduler knows, with their driver, capacity and state.")
@Service
public class BackendListCommand implements Action {

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private BackendRegistry registry;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Backend");
        table.column("Driver");
        table.column("Bundle");
        table.column("Version");
        table.column("Zone");
        table.column("Total (GiB)").alignRight();
        table.column("Free (GiB)").alignRight();
        table.column("Provisioned (GiB)").alignRight();
        table.column("State");
        table.column("Reason");
        for (BackendState backend : registry.backends()) {
            table.addRow().addContent(backend.backendHost(), backend.driverName(), backend.driverBundle(),
                    backend.driverBundleVersion(), backend.availabilityZone(), gib(backend.totalCapacityGb()),
                    gib(backend.freeCapacityGb()), gib(backend.provisionedCapacityGb()), backend.state(),
                    backend.stateReason() == null ? "" : backend.stateReason());
        }
        table.print(System.out, !noFormat);
        return null;
    }

    private static String gib(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
