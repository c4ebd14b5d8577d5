package org.scoria.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot as stored: a point-in-time image of a volume, kept on the volume's backend.
 *
 * @param volumeSizeGb the volume's size when the snapshot was taken, Cinder's snapshot {@code size}
 * @param progress     what its creator last reported ({@code os-update_snapshot_status}, e.g. {@code 80%}),
 *                     or {@code null} @since 3.4
 * @since 2.0
 */
public record Snapshot(String id, String volumeId, String projectId, String userId, String name, String description,
        int volumeSizeGb, SnapshotStatus status, String statusReason, String providerLocation,
        Map<String, String> metadata, Instant createdAt, Instant updatedAt, String progress) {

    public Snapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A snapshot whose creator has reported no progress (the constructor before 3.4, kept for its callers). */
    public Snapshot(String id, String volumeId, String projectId, String userId, String name, String description,
            int volumeSizeGb, SnapshotStatus status, String statusReason, String providerLocation,
            Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
        this(id, volumeId, projectId, userId, name, description, volumeSizeGb, status, statusReason, providerLocation,
                metadata, createdAt, updatedAt, null);
    }
}
