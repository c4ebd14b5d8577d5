package org.scoria.persistence;

import java.util.Map;

/**
 * What a backup request asks for.
 *
 * @param container   the container the request named, or {@code null} for the store's default
 * @param snapshotId  the snapshot of the volume to back up instead of the volume, or {@code null}
 * @param incremental whether it builds on the volume's latest available backup
 * @param force       whether an in-use volume may be backed up (Cinder's {@code force}); since 3.2
 * @since 3.1
 */
public record NewBackup(String projectId, String userId, String volumeId, String snapshotId, String name,
        String description, String container, boolean incremental, String availabilityZone,
        Map<String, String> metadata, boolean force) {

    public NewBackup {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A backup that does not allow an in-use volume. */
    public NewBackup(String projectId, String userId, String volumeId, String snapshotId, String name,
            String description, String container, boolean incremental, String availabilityZone,
            Map<String, String> metadata) {
        this(projectId, userId, volumeId, snapshotId, name, description, container, incremental, availabilityZone,
                metadata, false);
    }
}
