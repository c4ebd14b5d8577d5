package org.scoria.volume.api;

import java.util.Map;

/**
 * A backup request as Cinder's API takes it.
 *
 * @param container the container to write to, or {@code null} for the store's default
 * @param force     whether an in-use volume may be backed up
 * @since 2.6
 */
public record CreateBackupRequest(String volumeId, String name, String description, boolean incremental,
        boolean force, String snapshotId, String container, Map<String, String> metadata) {

    public CreateBackupRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
