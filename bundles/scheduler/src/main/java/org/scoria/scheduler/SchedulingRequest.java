package org.scoria.scheduler;

/**
 * What is being placed.
 *
 * @param availabilityZone the zone asked for, or {@code null} for any
 * @since 1.0
 */
public record SchedulingRequest(String volumeId, int sizeGb, String availabilityZone) {
}
