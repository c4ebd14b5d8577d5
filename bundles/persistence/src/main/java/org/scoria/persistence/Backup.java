package org.scoria.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * A backup as stored: a copy of a volume's data in a backup store, full or incremental.
 *
 * @param sizeGb          the volume's size when it was backed up
 * @param store           the backup store (driver) that holds its objects, Cinder's {@code service};
 *                        {@code null} until a backup manager takes the backup on
 * @param container       the container its objects are in, {@code null} until then unless the request named one
 * @param objectPrefix    the prefix of its objects' names, Cinder's {@code service_metadata}
 * @param parentId        the backup an incremental one builds on, or {@code null}
 * @param dataTimestamp   when its data was taken (the volume's or snapshot's time)
 * @param progressPercent how far a create or restore has got, 0–100, or {@code null} when none runs
 * @param progressBytesPerSecond the rate of the create or restore that runs, or {@code null}
 * @param restoreVolumeId the volume a restore writes into while one runs
 * @since 3.1
 */
public record Backup(String id, String projectId, String userId, String volumeId, String snapshotId, String name,
        String description, BackupStatus status, String failReason, int sizeGb, long objectCount, String store,
        String container, String objectPrefix, String parentId, int dependentBackups, boolean incremental,
        String availabilityZone, String host, Instant dataTimestamp, Integer progressPercent,
        Long progressBytesPerSecond, String restoreVolumeId, Map<String, String> metadata, Instant createdAt,
        Instant updatedAt) {

    public Backup {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
