package org.scoria.volume.api.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.command.BackupCommand;
import org.scoria.messaging.command.CreateBackup;
import org.scoria.messaging.command.DeleteBackup;
import org.scoria.messaging.command.ImportBackup;
import org.scoria.messaging.command.RestoreBackup;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupQuery;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.NewBackup;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.BackupService;
import org.scoria.volume.api.CreateBackupRequest;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.SnapshotService;
import org.scoria.volume.api.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's backup flows on the API side: check, write the backup and hold its volume in one
 * guarded change, and cast to the backup managers' queue. Which store a backup goes to is the
 * backup manager's choice, as Cinder's backup service records its own.
 */
@Component(service = BackupService.class)
public class DefaultBackupService implements BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultBackupService.class);
    private static final String INCREMENTALS_EXIST = "Incremental backups exist for this backup.";
    private static final int CONTAINER_LENGTH = 255;

    private final BackupStore store;
    private final VolumeService volumes;
    private final SnapshotService snapshots;
    private final QuotaService quotas;
    private final CommandSender sender;

    @Activate
    public DefaultBackupService(@Reference BackupStore store, @Reference VolumeService volumes,
            @Reference SnapshotService snapshots, @Reference QuotaService quotas, @Reference CommandJournal journal) {
        this.store = store;
        this.volumes = volumes;
        this.snapshots = snapshots;
        this.quotas = quotas;
        this.sender = new CommandSender(journal);
    }

    @Override
    public Backup create(RequestContext context, CreateBackupRequest request) {
        if (request.volumeId() == null || request.volumeId().isBlank()) {
            throw new InvalidInputException("A backup needs a volume_id.");
        }
        Volume volume = volumes.get(context, request.volumeId());
        if (request.snapshotId() != null) {
            Snapshot snapshot = snapshots.get(context, request.snapshotId());
            if (!snapshot.volumeId().equals(volume.id())) {
                throw new InvalidInputException("Snapshot " + snapshot.id() + " is not a snapshot of volume "
                        + volume.id() + ".");
            }
            if (snapshot.status() != SnapshotStatus.AVAILABLE) {
                throw new InvalidInputException("Snapshot to be backed up must be available, but the current status is \""
                        + snapshot.status().wireName() + "\".");
            }
        }
        if (request.container() != null && (request.container().isBlank()
                || request.container().length() > CONTAINER_LENGTH || request.container().contains("/"))) {
            throw new InvalidInputException("container must be 1 to " + CONTAINER_LENGTH + " characters without '/'.");
        }
        if (request.snapshotId() == null && volume.status() == VolumeStatus.IN_USE && !request.force()) {
            throw new InvalidVolumeStateException("Backing up an in-use volume must use the force flag.");
        }
        if (volume.status() != VolumeStatus.AVAILABLE && volume.status() != VolumeStatus.IN_USE) {
            throw volumeNotAvailable(volume, "backed up");
        }
        NewBackup requested = new NewBackup(volume.projectId(), context.userId(), volume.id(), request.snapshotId(),
                InputChecks.text("name", request.name()),
                InputChecks.text("description", request.description()), request.container(),
                request.incremental(), volume.availabilityZone(), InputChecks.metadata(request.metadata()),
                request.force());
        String id = UUID.randomUUID().toString();
        CreateBackup command = new CreateBackup(id, context.requestId());
        Backup backup;
        try {
            backup = sender.writeAndSend(context, Destinations.BACKUP, command, "backup " + id,
                    () -> store.create(id, requested, quotas.enforced(volume.projectId()))
                            .orElseThrow(() -> request.snapshotId() != null
                                    ? new InvalidInputException("Snapshot " + request.snapshotId()
                                            + " changed meanwhile: it must be available.")
                                    : volumeNotAvailable(volumes.get(context, volume.id()), "backed up")),
                    () -> store.failed(id, CommandSender.notQueued(command)));
        } catch (QuotaExceededException refused) {
            throw quotas.explain(refused);
        } catch (IllegalArgumentException noParent) {
            throw new InvalidInputException(noParent.getMessage());
        }
        LOG.info("[{}] Backup {} of volume {} accepted{}", context.requestId(), backup.id(), volume.id(),
                backup.incremental() ? " (incremental on " + backup.parentId() + ")" : "");
        return backup;
    }

    @Override
    public Backup get(RequestContext context, String backupId) {
        return store.find(backupId)
                .filter(backup -> context.canSee(backup.projectId()))
                .orElseThrow(() -> new ResourceNotFoundException("Backup " + backupId + " could not be found."));
    }

    @Override
    public List<Backup> query(RequestContext context, BackupQuery query, boolean allProjects) {
        return ListPages.read(query.marker(), () -> store.query(scoped(context, query, allProjects)));
    }

    @Override
    public long count(RequestContext context, BackupQuery query, boolean allProjects) {
        return store.count(scoped(context, query, allProjects));
    }

    private static BackupQuery scoped(RequestContext context, BackupQuery query, boolean allProjects) {
        return new BackupQuery(context.listedProject(allProjects, query.projectId()), query.volumeId(), query.name(),
                query.status(), query.metadata(), query.sort(), query.marker(), query.offset(), query.limit());
    }

    @Override
    public Backup delete(RequestContext context, String backupId) {
        Backup backup = get(context, backupId);
        Backup deleting = sendDelete(context, backup, () -> {
            if (!store.startDelete(backupId)) {
                Backup now = get(context, backupId);
                throw new InvalidInputException(now.dependentBackups() > 0 ? INCREMENTALS_EXIST
                        : "Backup status must be available or error, but current status is: " + now.status().wireName()
                                + ".");
            }
        });
        LOG.info("[{}] Backup {} deleting", context.requestId(), backupId);
        return deleting;
    }

    @Override
    public Backup forceDelete(RequestContext context, String backupId) {
        context.authorize("volume_extension:backup_admin_actions:force_delete");
        Backup backup = get(context, backupId);
        // From deleting too: the delete is asked again, which a backup manager that finished it already ignores.
        Backup deleting = sendDelete(context, backup, () -> {
            if (backup.status() != BackupStatus.DELETING && !store.startForceDelete(backupId)) {
                throw new InvalidInputException("Backup " + backupId + " changed status while it was being"
                        + " force-deleted; try again.");
            }
        });
        LOG.warn("[{}] Backup {} force-deleted from status {} by {}", context.requestId(), backupId,
                backup.status().wireName(), context.userId());
        return deleting;
    }

    /**
     * Sends a backup manager the delete of a backup no other builds on, once {@code start} has
     * moved it to deleting (or thrown why not). Answers the backup as it is now: a backup manager
     * may have deleted it already (a small one takes milliseconds), which is not an error.
     */
    private Backup sendDelete(RequestContext context, Backup backup, Runnable start) {
        if (backup.dependentBackups() > 0) {
            throw new InvalidInputException(INCREMENTALS_EXIST);
        }
        cast(context, new DeleteBackup(backup.id(), context.requestId()), () -> {
            start.run();
            return backup;
        }, () -> store.deleteFailed(backup.id(), "The delete request could not reach a backup manager; try again."));
        return store.find(backup.id()).orElse(backup);
    }

    @Override
    public Restore restore(RequestContext context, String backupId, String volumeId, String name) {
        Backup backup = get(context, backupId);
        if (backup.status() != BackupStatus.AVAILABLE) {
            throw new InvalidInputException("Backup status must be available");
        }
        Volume target;
        if (volumeId == null) {
            target = volumes.create(context, new CreateVolumeRequest(name == null ? "restore_backup_" + backupId : name,
                    null, backup.sizeGb(), backup.availabilityZone()));
            String created = target.id();
            cast(context, new RestoreBackup(backupId, context.requestId(), created, true), () -> {
                if (!store.startRestoreIntoNew(backupId, created)) {
                    throw new InvalidInputException("Backup status must be available");
                }
                return backup;
            }, () -> store.restoreFailed(backupId, created, null));
        } else {
            target = volumes.get(context, volumeId);
            if (target.sizeGb() < backup.sizeGb()) {
                throw new InvalidInputException("volume size " + target.sizeGb() + " is too small to restore backup of"
                        + " size " + backup.sizeGb() + ".");
            }
            if (target.status() != VolumeStatus.AVAILABLE) {
                throw volumeNotAvailable(target, "restored to");
            }
            cast(context, new RestoreBackup(backupId, context.requestId(), volumeId, false), () -> {
                if (!store.startRestore(backupId, volumeId)) {
                    throw new InvalidInputException("Backup and volume " + volumeId + " must both be available;"
                            + " one of them changed meanwhile.");
                }
                return backup;
            }, () -> store.restoreFailed(backupId, volumeId, "The restore request could not reach a backup manager."));
        }
        LOG.info("[{}] Restore of backup {} into volume {} accepted", context.requestId(), backupId, target.id());
        return new Restore(backupId, target.id(), target.name());
    }

    @Override
    public ExportedRecord exportRecord(RequestContext context, String backupId) {
        context.authorize("backup:export_record");
        Backup backup = get(context, backupId);
        if (backup.status() != BackupStatus.AVAILABLE) {
            throw new InvalidInputException("Backup status must be available and not " + backup.status().wireName() + ".");
        }
        return BackupRecords.export(backup);
    }

    @Override
    public Backup importRecord(RequestContext context, ExportedRecord exported) {
        context.authorize("backup:backup-import");
        Backup record = BackupRecords.read(context, exported);
        ImportBackup command = new ImportBackup(record.id(), context.requestId(), record.dataTimestamp());
        Backup backup;
        try {
            backup = sender.writeAndSend(context, Destinations.BACKUP, command, "backup " + record.id(),
                    () -> store.importRecord(record)
                            .orElseThrow(() -> new InvalidInputException("Backup already exists in database.")),
                    () -> store.imported(record.id(), 0, record.dataTimestamp(), CommandSender.notQueued(command)));
        } catch (IllegalArgumentException parentMissing) {
            throw new InvalidInputException(parentMissing.getMessage());
        }
        LOG.info("[{}] Backup {} imported from store {}, {}/{}; checking it", context.requestId(), backup.id(),
                backup.store(), backup.container(), backup.objectPrefix());
        return backup;
    }

    @Override
    public Backup update(RequestContext context, String backupId, VolumeDescription change, Map<String, String> metadata) {
        context.authorize("backup:update");
        get(context, backupId);
        if (!store.describe(backupId, InputChecks.description(change), metadata == null ? null : InputChecks.metadata(metadata))) {
            throw new ResourceNotFoundException("Backup " + backupId + " could not be found.");
        }
        return get(context, backupId);
    }

    @Override
    public Backup resetStatus(RequestContext context, String backupId, BackupStatus status) {
        context.authorize("volume_extension:backup_admin_actions:reset_status");
        Backup backup = get(context, backupId);
        if (status != BackupStatus.AVAILABLE && status != BackupStatus.ERROR) {
            throw new InvalidInputException("Backup status can be reset to available or error only.");
        }
        store.reset(backupId, status);
        LOG.warn("[{}] Backup {} status reset from {} to {} by {}", context.requestId(), backupId,
                backup.status().wireName(), status.wireName(), context.userId());
        return get(context, backupId);
    }

    private void cast(RequestContext context, BackupCommand command, Supplier<Backup> write, Runnable undo) {
        sender.writeAndSend(context, Destinations.BACKUP, command, "backup " + command.backupId(), write, undo);
    }

    private static InvalidVolumeStateException volumeNotAvailable(Volume volume, String what) {
        return new InvalidVolumeStateException("Volume to be " + what + " must be available, but the current status is \""
                + volume.status().wireName() + "\".");
    }
}
