package org.scoria.volume.api;

import java.util.List;
import java.util.Map;

/**
 * A request to create a volume, as the user gave it: fields are checked by
 * {@link VolumeService#create}.
 *
 * @param sizeGb           the size in GiB; {@code null} when the user gave none (then the source's size)
 * @param availabilityZone the zone asked for, or {@code null} for the configured default
 * @param snapshotId       the snapshot to create it from, or {@code null}
 * @param sourceVolumeId   the volume to clone, or {@code null}
 * @param metadata         the user's metadata, or {@code null}
 * @param volumeType       the type's id or name, or {@code null} for the project's default type @since 2.1
 * @param schedulerHints   Cinder's scheduler hints by name ({@code same_host}, {@code different_host}:
 *                         volume ids; {@code query}: the JSON query as one text), never {@code null} @since 2.4
 * @param imageRef         the image to write into it (Cinder's {@code imageRef}: an image id, or a URL
 *                         ending in one), or {@code null} @since 4.1
 * @since 1.0
 */
public record CreateVolumeRequest(String name, String description, Integer sizeGb, String availabilityZone,
        String snapshotId, String sourceVolumeId, Map<String, String> metadata, String volumeType,
        Map<String, List<String>> schedulerHints, String imageRef) {

    public CreateVolumeRequest {
        schedulerHints = schedulerHints == null ? Map.of() : Map.copyOf(schedulerHints);
    }

    /** A volume made from no image. */
    public CreateVolumeRequest(String name, String description, Integer sizeGb, String availabilityZone,
            String snapshotId, String sourceVolumeId, Map<String, String> metadata, String volumeType,
            Map<String, List<String>> schedulerHints) {
        this(name, description, sizeGb, availabilityZone, snapshotId, sourceVolumeId, metadata, volumeType,
                schedulerHints, null);
    }

    /** An empty volume of the default type without metadata. */
    public CreateVolumeRequest(String name, String description, Integer sizeGb, String availabilityZone) {
        this(name, description, sizeGb, availabilityZone, null, null, null, null, Map.of());
    }
}
