package org.scoria.persistence;

import java.util.Map;
import java.util.Objects;

/**
 * What a validated create request stores.
 *
 * @param snapshotId     the snapshot to create it from, or {@code null}
 * @param sourceVolumeId the volume to clone, or {@code null}
 * @param volumeTypeId   its volume type, or {@code null}
 * @param metadata       the user's metadata, already checked
 * @since 1.0
 */
public record NewVolume(String projectId, String userId, String name, String description, int sizeGb,
        String availabilityZone, String snapshotId, String sourceVolumeId, String volumeTypeId,
        Map<String, String> metadata) {

    public NewVolume {
        Objects.requireNonNull(projectId, "projectId");
        if (sizeGb < 1) {
            throw new IllegalArgumentException("sizeGb must be at least 1");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** An empty volume of the default type, without metadata. */
    public NewVolume(String projectId, String userId, String name, String description, int sizeGb,
            String availabilityZone) {
        this(projectId, userId, name, description, sizeGb, availabilityZone, null, null, null, Map.of());
    }
}
