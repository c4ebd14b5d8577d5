package org.scoria.persistence;

import java.util.Map;
import java.util.Objects;

/**
 * What a validated snapshot request stores.
 *
 * @since 2.0
 */
public record NewSnapshot(String volumeId, String projectId, String userId, String name, String description,
        Map<String, String> metadata) {

    public NewSnapshot {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(projectId, "projectId");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
