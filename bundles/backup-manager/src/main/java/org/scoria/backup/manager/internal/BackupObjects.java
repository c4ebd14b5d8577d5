package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.scoria.messaging.command.DeleteBackup;
import org.scoria.messaging.command.ImportBackup;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The objects of finished backups: deleting them, and checking those of an imported backup record. */
final class BackupObjects {

    private static final Logger LOG = LoggerFactory.getLogger(BackupObjects.class);

    private final BackupStore backups;
    private final InstalledStores stores;
    private final RunningWork running;
    private final int workEndWaitSeconds;

    BackupObjects(BackupStore backups, InstalledStores stores, RunningWork running, int workEndWaitSeconds) {
        this.backups = backups;
        this.stores = stores;
        this.running = running;
        this.workEndWaitSeconds = workEndWaitSeconds;
    }

    void delete(DeleteBackup command, Void unused) throws InterruptedException {
        Backup backup = backups.find(command.backupId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.DELETING) {
            return;
        }
        if (!running.awaitEnd(backup.id(), workEndWaitSeconds)) {
            LOG.warn("[{}] Backup {} is deleted while its force-deleted work still runs here", command.requestId(),
                    backup.id());
        }
        try {
            if (backup.objectPrefix() != null && !backups.objectsShared(backup.id())) {
                removeObjects(stores.installed(backup.store()), backup.container(), backup.objectPrefix());
            } else if (backup.objectPrefix() != null) {
                LOG.info("[{}] Backup {} shares its objects with another backup record, which keeps them",
                        command.requestId(), backup.id());
            }
            backups.deleted(backup.id());
            LOG.info("[{}] Backup {} deleted", command.requestId(), backup.id());
        } catch (ObjectStoreException e) {
            LOG.error("[{}] Delete of backup {} failed: {}", command.requestId(), backup.id(), e.getMessage());
            backups.deleteFailed(backup.id(), "Delete failed: " + e.getMessage());
        }
    }

    /**
     * Checks an imported backup against its store: its manifest is there, builds on the record's
     * parent and fits its size, and every object it wrote itself is listed. Its parent's objects
     * were checked on its import. A manifest of another backup id is the data of the backup the
     * record was exported from, imported under a new id as Cinder allows: both records then hold
     * the same objects, which stay until the last of them is deleted.
     */
    void importBackup(ImportBackup command, Void unused) {
        Backup backup = backups.find(command.backupId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.CREATING) {
            return;
        }
        Instant dataTimestamp = command.dataTimestamp();
        try {
            ObjectStore store = stores.installed(backup.store());
            BackupManifest manifest = BackupManifest.read(store, backup);
            if (!backup.id().equals(manifest.backupId())) {
                LOG.info("[{}] Imported backup {} holds the objects of backup {} under {}", command.requestId(),
                        backup.id(), manifest.backupId(), backup.objectPrefix());
            }
            if (!Objects.equals(backup.parentId(), manifest.parentId())) {
                throw new IOException("the manifest builds on " + manifest.parentId() + ", the record on "
                        + backup.parentId());
            }
            if (manifest.sizeBytes() > backup.sizeGb() * (1L << 30)) {
                throw new IOException("the manifest holds " + manifest.sizeBytes() + " bytes, more than the record's "
                        + backup.sizeGb() + " GiB");
            }
            List<String> missing = new ArrayList<>(manifest.ownChunkObjects(backup.objectPrefix()));
            missing.removeAll(store.list(backup.container(), backup.objectPrefix()));
            if (!missing.isEmpty()) {
                throw new IOException(missing.size() + " objects are missing from " + backup.container() + ", e.g. "
                        + missing.get(0));
            }
            long objects = manifest.ownObjects(backup.objectPrefix());
            backups.imported(backup.id(), objects, dataTimestamp, null);
            LOG.info("[{}] Imported backup {} is available: {} objects in {} {}", command.requestId(), backup.id(),
                    objects, backup.store(), backup.container());
        } catch (IOException | ObjectStoreException | RuntimeException e) {
            LOG.error("[{}] Import of backup {} failed: {}", command.requestId(), backup.id(), Reasons.of(e));
            backups.imported(backup.id(), 0, dataTimestamp, "Import failed: " + Reasons.of(e));
        }
    }

    /** Removes a backup's objects: a deleted one's, or what a failed one wrote, so nothing half-written looks like a backup. */
    static void removeObjects(ObjectStore store, String container, String prefix) throws ObjectStoreException {
        for (String name : store.list(container, prefix)) {
            store.delete(container, name);
        }
    }
}
