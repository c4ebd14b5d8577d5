package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.ServiceState;
import org.scoria.volume.api.ServiceAdmin;

/**
 * What the backend commands share: the backend they act on, and the switch that lets the
 * scheduler place new volumes on it or not, as {@code os-services} enable/disable does.
 */
abstract class BackendCommand implements Action {

    @Argument(index = 0, name = "backend", description = "The backend, host@backend", required = true)
    @Completion(BackendCompleter.class)
    protected String backend;

    @Reference
    protected ServiceAdmin services;

    protected ServiceAdmin.Service setEnabled(boolean enabled, String reason) {
        return services.setEnabled(Operator.context(), backend, ServiceState.VOLUME_BINARY, enabled, reason);
    }

    protected static void print(ServiceAdmin.Service service, boolean noFormat) {
        ShellTable table = new ShellTable();
        table.column("Backend");
        table.column("Status");
        table.column("State");
        table.column("Reason");
        // Nodes that share the backend share its switch: the cluster is what was switched.
        table.addRow().addContent(service.cluster() != null ? service.cluster() : service.host(), service.status(),
                service.state(),
                service.disabledReason() == null ? "" : service.disabledReason());
        table.print(System.out, !noFormat);
    }
}
