package org.scoria.volume.api;

/**
 * A request to create an empty volume, as the user gave it: fields are checked by
 * {@link VolumeService#create}.
 *
 * @param sizeGb           the size in GiB; {@code null} when the user gave none
 * @param availabilityZone the zone asked for, or {@code null} for the configured default
 * @since 1.0
 */
public record CreateVolumeRequest(String name, String description, Integer sizeGb, String availabilityZone) {
}
