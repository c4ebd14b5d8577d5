package org.scoria.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.volume.VolumeDriver;

/**
 * The installed driver bundles (those whose manifest offers a {@link VolumeDriver} service), and
 * the backends each serves, as their reports tell.
 */
@Command(scope = "scoria", name = "driver-list", description = "Lists the driver bundles, their versions and state, and the backends each serves.")
@Service
public class DriverListCommand implements Action {

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private BundleContext bundleContext;

    @Reference
    private BackendRegistry registry;

    @Override
    public Object execute() {
        Map<DriverBundle, List<String>> backendsByBundle = new LinkedHashMap<>();
        for (BackendState backend : registry.backends()) {
            backendsByBundle.computeIfAbsent(new DriverBundle(backend.driverBundle(), backend.driverBundleVersion()),
                    key -> new ArrayList<>()).add(backend.backendHost() + " (" + backend.state() + ")");
        }
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("Bundle");
        table.column("Version");
        table.column("State");
        table.column("Backends");
        for (Bundle bundle : bundleContext.getBundles()) {
            String capabilities = bundle.getHeaders().get(Constants.PROVIDE_CAPABILITY);
            if (capabilities == null || !capabilities.contains(VolumeDriver.class.getName())) {
                continue;
            }
            List<String> served = backendsByBundle.remove(
                    new DriverBundle(bundle.getSymbolicName(), bundle.getVersion().toString()));
            table.addRow().addContent(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                    state(bundle), served == null ? "" : String.join(", ", served));
        }
        // Backends still reported by a driver bundle that is no longer installed.
        backendsByBundle.forEach((bundle, served) -> table.addRow().addContent("", bundle.name(), bundle.version(),
                "Uninstalled", String.join(", ", served)));
        table.print(System.out, !noFormat);
        return null;
    }

    /** A driver bundle as the reports name it. */
    private record DriverBundle(String name, String version) {
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> "Installed";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            case Bundle.ACTIVE -> "Active";
            default -> "Uninstalled";
        };
    }
}
