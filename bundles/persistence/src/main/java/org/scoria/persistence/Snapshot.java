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
        Map<String, String> metadata, Instant createdAt, Instant updatedAt, String progress) {

    public Snapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A snapshot whose creator has reported no progress. */
    public Snapshot(String id, String volumeId, String projectId, String userId, String name, String description,
            int volumeSizeGb, SnapshotStatus status, String statusReason, String providerLocation,
            Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
        this(id, volumeId, projectId, userId, name, description, volumeSizeGb, status, statusReason, providerLocation,
                metadata, createdAt, updatedAt, null);
    }

    /**
     * Cinder's {@code os-extended-snapshot-attributes:progress}: what the creator last reported
     * ({@code os-update_snapshot_status}), else 100% once available and 0% before.
     *
     * @since 3.4
     */
    public String shownProgress() {
        return progress != null ? progress : status == SnapshotStatus.AVAILABLE ? "100%" : "0%";
    }
}
