package org.scoria.shell.internal;

import static org.scoria.shell.internal.VolumeListCommand.text;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.volume.api.BackupService;

@Command(scope = "scoria", name = "backup-list", description = "Lists backups of every project, newest first, with the progress of those being made or restored.")
@Service
public class BackupListCommand implements Action {

    @Option(name = "-p", aliases = "--project", description = "Only this project's backups")
    private String project;

    @Option(name = "-v", aliases = "--volume", description = "Only this volume's backups")
    @Completion(VolumeIdCompleter.class)
    private String volume;

    @Option(name = "-s", aliases = "--status", description = "Only backups in this status (creating, available, restoring, deleting, error, error_deleting)")
    private String status;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private BackupService backups;

    @Override
    public Object execute() {
        BackupStatus wanted = status == null ? null : BackupStatus.fromWireName(status);
        if (status != null && wanted == null) {
            throw new IllegalArgumentException("Unknown backup status " + status);
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Volume");
        table.column("Status");
        table.column("Progress");
        table.column("Size (GiB)").alignRight();
        table.column("Incremental");
        table.column("Objects").alignRight();
        table.column("Store");
        table.column("Project");
        table.column("Created");
        for (Backup backup : backups.query(Operator.context(), BackupIdCompleter.every(project, volume, wanted), true)) {
            table.addRow().addContent(backup.id(), backup.volumeId(), backup.status().wireName(), progress(backup),
                    backup.sizeGb(), backup.incremental() ? "yes" : "no", backup.objectCount(), text(backup.store()),
                    backup.projectId(), backup.createdAt());
        }
        table.print(System.out, !noFormat);
        return null;
    }

    /** How far a running backup or restore has got, e.g. {@code 42 % at 180.3 MB/s}; empty when none runs. */
    static String progress(Backup backup) {
        if (backup.progressPercent() == null) {
            return "";
        }
        return backup.progressPercent() + " %" + (backup.progressBytesPerSecond() == null ? ""
                : String.format(" at %.1f MB/s", backup.progressBytesPerSecond() / 1e6));
    }
}
