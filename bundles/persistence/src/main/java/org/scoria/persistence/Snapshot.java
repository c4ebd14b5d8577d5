package org.scoria.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot as stored: a point-in-time image of a volume, kept on the volume's backend.
 *
 * @param volumeSizeGb the volume's size when the snapshot was taken, Cinder's snapshot {@code size}
 * @since 2.0
 */
public record Snapshot(String id, String volumeId, String projectId, String userId, String name, String description,
        int volumeSizeGb, SnapshotStatus status, String statusReason, String providerLocation,
        Map<String, String> metadata, Instant createdAt, Instant updatedAt) {

    public Snapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
