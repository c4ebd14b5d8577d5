package org.scoria.persistence;

import java.util.Objects;

/**
 * What a validated create request stores.
 *
 * @since 1.0
 */
public record NewVolume(String projectId, String userId, String name, String description, int sizeGb,
        String availabilityZone) {

    public NewVolume {
        Objects.requireNonNull(projectId, "projectId");
        if (sizeGb < 1) {
            throw new IllegalArgumentException("sizeGb must be at least 1");
        }
    }
}
