package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.scoria.fault.FaultPoints;
import org.scoria.messaging.command.CreateBackup;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.scoria.spi.volume.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a backup: reads its volume (or a temporary copy of it) into chunk objects of the store
 * new backups go to, then writes the manifest. Whatever fails, the backup ends in error, its
 * volume released and nothing half-written left that looks like a backup; a redelivered create
 * starts over.
 */
final class BackupCreation {

    private static final Logger LOG = LoggerFactory.getLogger(BackupCreation.class);
    private static final DateTimeFormatter PREFIX_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final BackupStore backups;
    private final VolumeStore volumes;
    private final InstalledStores stores;
    private final String newBackupsStore;
    private final String host;
    private final ChunkCompression compression;
    private final ChunkedCopy.Settings copies;
    private final VolumeAccess access;
    private final RunningWork running;

    BackupCreation(BackupStore backups, VolumeStore volumes, InstalledStores stores, String newBackupsStore, String host,
            ChunkCompression compression, ChunkedCopy.Settings copies, VolumeAccess access, RunningWork running) {
        this.backups = backups;
        this.volumes = volumes;
        this.stores = stores;
        this.newBackupsStore = newBackupsStore;
        this.host = host;
        this.compression = compression;
        this.copies = copies;
        this.access = access;
        this.running = running;
    }

    void create(CreateBackup command, Void unused) throws InterruptedException {
        Backup backup = backups.find(command.backupId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.CREATING) {
            LOG.debug("[{}] Backup {} is no longer being created", command.requestId(), command.backupId());
            return;
        }
        // A redelivered create keeps the store it began with.
        String storeName = backup.store() != null ? backup.store() : newBackupsStore;
        ObjectStore store = stores.get(storeName);
        if (store == null) {
            // The queue pauses without the configured store; a backup begun in another one fails clearly.
            backups.failed(backup.id(), "The backup store " + storeName + " is not installed.");
            return;
        }
        // An incremental backup's unchanged chunks are its parent's objects: it lives in the parent's container.
        Backup parentBackup = backup.parentId() == null ? null : backups.find(backup.parentId()).orElse(null);
        String container = parentBackup != null ? parentBackup.container()
                : backup.container() != null ? backup.container() : store.defaultContainer(backup.projectId());
        String prefix = objectPrefix(backup);
        if (!backups.begin(backup.id(), storeName, container, prefix, host)) {
            return;
        }
        try (RunningWork.Work work = running.begin(backup.id(), BackupStatus.CREATING)) {
            Volume volume = volumes.find(backup.volumeId()).orElseThrow(
                    () -> new IOException("volume " + backup.volumeId() + " is gone"));
            if (backup.parentId() != null && parentBackup == null) {
                throw new IOException("the parent backup " + backup.parentId() + " is gone");
            }
            BackupManifest parent = parentBackup == null ? null : BackupManifest.read(store, parentBackup);
            store.ensureContainer(container);
            Progress progress = new Progress(volume.sizeGb() * (1L << 30), work.progress());
            LOG.info("[{}] Backing up volume {} ({} GiB) into {} {}/{}{}", command.requestId(), volume.id(),
                    volume.sizeGb(), storeName, container, prefix,
                    parent == null ? "" : ", incremental on " + parent.backupId());
            BackupManifest manifest = access.withBackupDevice(command.requestId(), volume, backup, device -> copies.of(store, container)
                    .backup(device, backup.id(), volume.id(), volume.metadata(), prefix, store.chunkSizeBytes(),
                            compression, parent, progress));
            FaultPoints.reach("backup.create.written");
            long written = manifest.ownObjects(prefix);
            if (backups.created(backup.id(), written)) {
                LOG.info("[{}] Backup {} of volume {} is available: {} objects written in {} ms ({} MB/s)",
                        command.requestId(), backup.id(), volume.id(), written, progress.elapsedMillis(),
                        progress.bytesPerSecond() / 1_000_000);
            } else if (running.deleted(backup.id())) {
                removeWhatAStoppedBackupWrote(command.requestId(), backup.id(), store, container, prefix);
            }
        } catch (RunningWork.Stopped stopped) {
            removeWhatAStoppedBackupWrote(command.requestId(), backup.id(), store, container, prefix);
        } catch (IOException | ObjectStoreException | DriverException | RuntimeException e) {
            LOG.error("[{}] Backup {} of volume {} failed: {}", command.requestId(), backup.id(), backup.volumeId(),
                    Reasons.of(e));
            // Only the attempt that records the failure removes the objects: a redelivered attempt that lost must
            // not remove what the one that finished wrote under the same names.
            if (backups.failed(backup.id(), "Backup failed: " + Reasons.of(e))) {
                removeUnfinished(command.requestId(), backup.id(), store, container, prefix);
            }
        }
    }

    /**
     * Removes what a backup force-deleted while it was made wrote, also what it wrote after its
     * delete removed the rest.
     */
    private void removeWhatAStoppedBackupWrote(String requestId, String backupId, ObjectStore store, String container,
            String prefix) {
        LOG.warn("[{}] Backup {} stopped: it was force-deleted while it was made; removing what it wrote under {}/{}",
                requestId, backupId, container, prefix);
        removeUnfinished(requestId, backupId, store, container, prefix);
    }

    /**
     * Removes what a backup that did not finish wrote, so nothing half-written looks like a backup;
     * objects another record holds too stay. A store that refuses is logged, not thrown.
     */
    private void removeUnfinished(String requestId, String backupId, ObjectStore store, String container, String prefix) {
        try {
            if (!backups.objectsShared(backupId)) {
                BackupObjects.removeObjects(store, container, prefix);
            }
        } catch (ObjectStoreException | RuntimeException e) {
            LOG.warn("[{}] Could not remove the objects of backup {} under {}/{}: {}", requestId, backupId,
                    container, prefix, Reasons.of(e));
        }
    }

    /** Cinder's object names: {@code volume_<id>/<time>/az_<zone>_backup_<id>}. */
    private static String objectPrefix(Backup backup) {
        return "volume_" + backup.volumeId() + "/" + PREFIX_TIME.format(backup.createdAt()) + "/az_"
                + (backup.availabilityZone() == null ? "nova" : backup.availabilityZone()) + "_backup_" + backup.id();
    }
}
