package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.persistence.Backup;
import org.scoria.volume.api.BackupService;

@Command(scope = "scoria", name = "backup-restore", description = "Restores a backup into a new volume, or over an existing available one; prints the volume's id.")
@Service
public class BackupRestoreCommand implements Action {

    @Argument(index = 0, name = "id", description = "Backup id", required = true)
    @Completion(BackupIdCompleter.class)
    private String id;

    @Option(name = "-v", aliases = "--volume", description = "Existing volume to overwrite (default: a new volume of the backup's size)")
    @Completion(VolumeIdCompleter.class)
    private String volumeId;

    @Option(name = "-n", aliases = "--name", description = "Name of the new volume (default: restore_backup_<id>)")
    private String name;

    @Reference
    private BackupService backups;

    @Override
    public Object execute() {
        Backup backup = backups.get(Operator.context(), id);
        BackupService.Restore restore = backups.restore(Operator.in(backup.projectId()), id, volumeId, name);
        System.out.println(restore.volumeId());
        return null;
    }
}
