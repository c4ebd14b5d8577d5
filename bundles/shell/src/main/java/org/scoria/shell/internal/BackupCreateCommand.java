package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.persistence.Backup;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.BackupService;
import org.scoria.volume.api.CreateBackupRequest;
import org.scoria.volume.api.VolumeService;

@Command(scope = "scoria", name = "backup-create", description = "Backs a volume up, for its project; scoria:backup-list shows the progress.")
@Service
public class BackupCreateCommand implements Action {

    @Argument(index = 0, name = "volume", description = "Volume id", required = true)
    @Completion(VolumeIdCompleter.class)
    private String volumeId;

    @Option(name = "-n", aliases = "--name", description = "Backup name")
    private String name;

    @Option(name = "-d", aliases = "--description", description = "Backup description")
    private String description;

    @Option(name = "-i", aliases = "--incremental", description = "Store only what changed since the volume's latest backup")
    private boolean incremental;

    @Option(name = "-f", aliases = "--force", description = "Back up an in-use volume (through a temporary copy)")
    private boolean force;

    @Option(name = "-s", aliases = "--snapshot", description = "Back up this snapshot of the volume instead")
    private String snapshotId;

    @Option(name = "-c", aliases = "--container", description = "Container to write to (default: the store's for the project)")
    private String container;

    @Reference
    private BackupService backups;

    @Reference
    private VolumeService volumes;

    @Override
    public Object execute() {
        Volume volume = volumes.get(Operator.context(), volumeId);
        Backup backup = backups.create(Operator.in(volume.projectId()),
                new CreateBackupRequest(volumeId, name, description, incremental, force, snapshotId, container, null));
        System.out.println(backup.id());
        return null;
    }
}
