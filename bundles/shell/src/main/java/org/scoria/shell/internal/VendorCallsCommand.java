package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.guard.VendorCallFigures;
import org.scoria.guard.VendorGuard;

/**
 * What each vendor bundle's code has done when Scoria called it: a bundle with overdue calls holds
 * threads it was asked to give back (a driver, store or plug-in that hangs), and is the one to
 * look at, update or remove.
 */
@Command(scope = "scoria", name = "vendor-calls",
        description = "Lists the calls into each vendor bundle (drivers, backup stores, connectors, scheduler plug-ins): made, failed, timed out, overdue, time taken.")
@Service
public class VendorCallsCommand implements Action {

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private VendorGuard guard;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Bundle");
        table.column("Version");
        table.column("Calls").alignRight();
        table.column("Failed").alignRight();
        table.column("Timed out").alignRight();
        table.column("Running").alignRight();
        table.column("Overdue").alignRight();
        table.column("Mean (ms)").alignRight();
        table.column("Longest (ms)").alignRight();
        for (VendorCallFigures vendor : guard.figures()) {
            long returned = vendor.calls() - vendor.running();
            table.addRow().addContent(vendor.bundle(), vendor.version(), vendor.calls(), vendor.failures(),
                    vendor.timeouts(), vendor.running(), vendor.overdue(),
                    returned == 0 ? "" : vendor.totalMillis() / returned, vendor.longestMillis());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
