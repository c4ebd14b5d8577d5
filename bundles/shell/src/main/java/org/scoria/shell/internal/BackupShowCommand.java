package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.Backup;
import org.scoria.volume.api.BackupService;

@Command(scope = "scoria", name = "backup-show", description = "Shows one backup: where its objects are, what it builds on, why it failed if it did.")
@Service
public class BackupShowCommand implements Action {

    @Argument(index = 0, name = "id", description = "Backup id", required = true)
    @Completion(BackupIdCompleter.class)
    private String id;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private BackupService backups;

    @Override
    public Object execute() {
        Backup backup = backups.get(Operator.context(), id);
        ShellTable table = new ShellTable();
        table.column("Property");
        table.column("Value");
        row(table, "id", backup.id());
        row(table, "name", backup.name());
        row(table, "description", backup.description());
        row(table, "status", backup.status().wireName());
        row(table, "progress", BackupListCommand.progress(backup));
        row(table, "fail reason", backup.failReason());
        row(table, "volume", backup.volumeId());
        row(table, "size (GiB)", backup.sizeGb());
        row(table, "incremental", backup.incremental());
        row(table, "parent", backup.parentId());
        row(table, "dependent backups", backup.dependentBackups());
        row(table, "objects", backup.objectCount());
        row(table, "store", backup.store());
        row(table, "container", backup.container());
        row(table, "object prefix", backup.objectPrefix());
        row(table, "host", backup.host());
        row(table, "restoring into", backup.restoreVolumeId());
        row(table, "project", backup.projectId());
        row(table, "user", backup.userId());
        row(table, "data timestamp", backup.dataTimestamp());
        row(table, "created at", backup.createdAt());
        row(table, "updated at", backup.updatedAt());
        table.print(System.out, !noFormat);
        return null;
    }

    private static void row(ShellTable table, String property, Object value) {
        table.addRow().addContent(property, value == null ? "" : String.valueOf(value));
    }
}
