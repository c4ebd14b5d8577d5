package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.scoria.messaging.command.RestoreBackup;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.scoria.spi.volume.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup into a volume, checking every chunk it reads against the manifest; the
 * source volume's metadata goes with its data. A restore into a volume created for it first
 * waits for that volume.
 */
final class BackupRestoration {

    private static final Logger LOG = LoggerFactory.getLogger(BackupRestoration.class);

    private final BackupStore backups;
    private final VolumeStore volumes;
    private final InstalledStores stores;
    private final ChunkedCopy.Settings copies;
    private final VolumeAccess access;
    private final RunningWork running;
    private final int volumeWaitSeconds;

    BackupRestoration(BackupStore backups, VolumeStore volumes, InstalledStores stores, ChunkedCopy.Settings copies,
            VolumeAccess access, RunningWork running, int volumeWaitSeconds) {
        this.backups = backups;
        this.volumes = volumes;
        this.stores = stores;
        this.copies = copies;
        this.access = access;
        this.running = running;
        this.volumeWaitSeconds = volumeWaitSeconds;
    }

    void restore(RestoreBackup command, Void unused) throws InterruptedException {
        String volumeId = command.volumeId();
        Backup backup = backups.find(command.backupId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.RESTORING || !volumeId.equals(backup.restoreVolumeId())) {
            LOG.debug("[{}] Backup {} is no longer restoring into {}", command.requestId(), command.backupId(), volumeId);
            return;
        }
        boolean fresh = command.newVolume();
        try (RunningWork.Work work = running.begin(backup.id(), BackupStatus.RESTORING)) {
            ObjectStore store = stores.installed(backup.store());
            if (fresh && !awaitCreated(backup, volumeId)) {
                return;
            }
            Volume volume = volumes.find(volumeId).orElseThrow(() -> new IOException("volume " + volumeId + " is gone"));
            BackupManifest manifest = BackupManifest.read(store, backup);
            Progress progress = new Progress(manifest.sizeBytes(), work.progress());
            LOG.info("[{}] Restoring backup {} into volume {}", command.requestId(), backup.id(), volumeId);
            access.withVolume(command.requestId(), volume, true, device -> {
                copies.of(store, backup.container())
                        .restore(manifest, device, fresh, progress);
                return null;
            });
            // The source volume's metadata goes with its data, over the volume's own (a redelivered restore writes the same).
            if (manifest.volumeMetadata() != null && !manifest.volumeMetadata().isEmpty()) {
                volumes.writeMetadata(volumeId, manifest.volumeMetadata(), false);
            }
            if (backups.restored(backup.id(), volumeId)) {
                LOG.info("[{}] Backup {} restored into volume {} in {} ms ({} MB/s)", command.requestId(), backup.id(),
                        volumeId, progress.elapsedMillis(), progress.bytesPerSecond() / 1_000_000);
            } else if (running.deleted(backup.id())) {
                restoreStopped(command.requestId(), backup.id(), volumeId);
            }
        } catch (RunningWork.Stopped stopped) {
            restoreStopped(command.requestId(), backup.id(), volumeId);
        } catch (IOException | ObjectStoreException | DriverException | RuntimeException e) {
            LOG.error("[{}] Restore of backup {} into volume {} failed: {}", command.requestId(), backup.id(), volumeId,
                    Reasons.of(e));
            backups.restoreFailed(backup.id(), volumeId, "Restore of backup " + backup.id() + " failed: " + Reasons.of(e));
        }
    }

    /** A restore whose backup was force-deleted: the delete lets the volume go, to error, for it may hold part of the backup. */
    private static void restoreStopped(String requestId, String backupId, String volumeId) {
        LOG.warn("[{}] Restore of backup {} into volume {} stopped: the backup was force-deleted", requestId,
                backupId, volumeId);
    }

    /** Waits for the volume created for a restore; false when the restore ended because it failed. */
    private boolean awaitCreated(Backup backup, String volumeId) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(volumeWaitSeconds);
        while (System.nanoTime() < deadline) {
            Optional<Volume> volume = volumes.find(volumeId);
            VolumeStatus status = volume.map(Volume::status).orElse(VolumeStatus.DELETED);
            if (status == VolumeStatus.RESTORING_BACKUP || (status == VolumeStatus.AVAILABLE
                    && backups.holdRestoreTarget(backup.id(), volumeId))) {
                return true;
            }
            if (running.deleted(backup.id())) {
                LOG.warn("Restore of backup {} ended before it began: the backup was force-deleted", backup.id());
                return false;
            }
            if (status != VolumeStatus.CREATING) {
                backups.restoreFailed(backup.id(), volumeId, null);
                LOG.warn("Restore of backup {} ended: the volume {} created for it is {}", backup.id(), volumeId,
                        status.wireName());
                return false;
            }
            Thread.sleep(500);
        }
        throw new IOException("the volume " + volumeId + " created for the restore was not made within "
                + volumeWaitSeconds + " s");
    }
}
