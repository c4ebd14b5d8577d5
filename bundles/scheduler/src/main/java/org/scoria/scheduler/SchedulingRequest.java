package org.scoria.scheduler;

import java.util.Map;

/**
 * What is being placed.
 *
 * @param availabilityZone the zone asked for, or {@code null} for any
 * @param extraSpecs       the extra specs of the volume's type, matched against what backends report
 *                         (never {@code null}) @since 1.1
 * @param existingHost     the pool the volume already is on, when a retype asks whether it may
 *                         stay there, or {@code null}: its space is already counted there @since 1.1
 * @since 1.0
 */
public record SchedulingRequest(String volumeId, int sizeGb, String availabilityZone, Map<String, String> extraSpecs,
        String existingHost) {

    public SchedulingRequest {
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }

    /** A new volume of a type without extra specs. */
    public SchedulingRequest(String volumeId, int sizeGb, String availabilityZone) {
        this(volumeId, sizeGb, availabilityZone, Map.of(), null);
    }
}
