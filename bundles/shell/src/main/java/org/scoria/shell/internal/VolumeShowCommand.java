package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.VolumeService;

@Command(scope = "scoria", name = "volume-show", description = "Shows one volume, with why it is in error if it is.")
@Service
public class VolumeShowCommand implements Action {

    @Argument(index = 0, name = "id", description = "Volume id", required = true)
    @Completion(VolumeIdCompleter.class)
    private String id;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private VolumeService volumes;

    @Override
    public Object execute() {
        Volume volume = volumes.get(Operator.context(), id);
        ShellTable table = new ShellTable();
        table.column("Property");
        table.column("Value");
        row(table, "id", volume.id());
        row(table, "name", volume.name());
        row(table, "description", volume.description());
        row(table, "status", volume.status().wireName());
        row(table, "status reason", volume.statusReason());
        row(table, "size (GiB)", String.valueOf(volume.sizeGb()));
        row(table, "project", volume.projectId());
        row(table, "user", volume.userId());
        row(table, "host", volume.host());
        row(table, "availability zone", volume.availabilityZone());
        row(table, "provider location", volume.providerLocation());
        row(table, "created at", String.valueOf(volume.createdAt()));
        row(table, "scheduled at", volume.scheduledAt() == null ? null : volume.scheduledAt().toString());
        row(table, "launched at", volume.launchedAt() == null ? null : volume.launchedAt().toString());
        row(table, "updated at", volume.updatedAt() == null ? null : volume.updatedAt().toString());
        table.print(System.out, !noFormat);
        return null;
    }

    private static void row(ShellTable table, String property, String value) {
        table.addRow().addContent(property, value == null ? "" : value);
    }
}
