package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.persistence.Backup;
import org.scoria.volume.api.BackupService;
import org.scoria.volume.api.VolumeApiException;

@Command(scope = "scoria", name = "backup-delete", description = "Deletes backups and their objects; a backup others build on is kept until they are gone.")
@Service
public class BackupDeleteCommand implements Action {

    @Argument(index = 0, name = "ids", description = "Backup ids", required = true, multiValued = true)
    @Completion(BackupIdCompleter.class)
    private List<String> ids;

    @Reference
    private BackupService backups;

    @Override
    public Object execute() {
        int failed = 0;
        for (String id : ids) {
            try {
                Backup backup = backups.get(Operator.context(), id);
                backups.delete(Operator.in(backup.projectId()), id);
                System.out.println("Deleting " + id);
            } catch (VolumeApiException e) {
                System.err.println(id + ": " + e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + ids.size() + " backups could not be deleted");
        }
        return null;
    }
}
