package org.scoria.shell.internal;

import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.ServiceState;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceAdmin;

/** Turns placement on a backend on or off, as {@code os-services} enable/disable does, and shows the result. */
final class BackendSwitch {

    private BackendSwitch() {
    }

    static ServiceAdmin.Service set(ServiceAdmin services, String backend, boolean enabled, String reason) {
        return services.setEnabled(RequestContext.admin("admin"), backend, ServiceState.VOLUME_BINARY, enabled, reason);
    }

    static void print(ServiceAdmin.Service service, boolean noFormat) {
        ShellTable table = new ShellTable();
        table.column("Backend");
        table.column("Status");
        table.column("State");
        table.column("Reason");
        table.addRow().addContent(service.host(), service.status(), service.state(),
                service.disabledReason() == null ? "" : service.disabledReason());
        table.print(System.out, !noFormat);
    }
}
