package org.scoria.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.scheduler.BackendNodeState;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;

/**
 * One row per backend and node serving it: nodes that share a host serve its backends together,
 * each with its own driver bundle and state; capacity is the backend's.
 */
@Command(scope = "scoria", name = "backend-list",
        description = "Lists the backends the scheduler knows and the nodes serving them, with driver, capacity and state.")
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
        table.column("Node");
        table.column("Driver");
        table.column("Bundle");
        table.column("Version");
        table.column("Zone");
        table.column("Total (GiB)").alignRight();
        table.column("Free (GiB)").alignRight();
        table.column("Provisioned (GiB)").alignRight();
        table.column("State");
        table.column("Reason");
        Map<String, List<BackendNodeState>> nodes = registry.backendNodes().stream()
                .collect(Collectors.groupingBy(BackendNodeState::backendHost));
        for (BackendState backend : registry.backends()) {
            for (BackendNodeState node : nodes.getOrDefault(backend.backendHost(), List.of())) {
                table.addRow().addContent(backend.backendHost(), node.node(), backend.driverName(), node.driverBundle(),
                        node.driverBundleVersion(), backend.availabilityZone(), gib(backend.totalCapacityGb()),
                        gib(backend.freeCapacityGb()), gib(backend.provisionedCapacityGb()), node.state(),
                        node.stateReason() == null ? "" : node.stateReason());
            }
        }
        table.print(System.out, !noFormat);
        return null;
    }

    private static String gib(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
