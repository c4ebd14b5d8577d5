package org.scoria.spi.volume;

import java.util.Objects;

/**
 * The volume a driver is asked to act on.
 *
 * @param id               the volume's UUID
 * @param sizeGb           the size in GiB, at least 1
 * @param providerLocation what the driver returned when it created the volume, or {@code null}
 * @since 1.0
 */
public record VolumeSpec(String id, int sizeGb, String providerLocation) {

    public VolumeSpec {
        Objects.requireNonNull(id, "id");
        if (sizeGb < 1) {
            throw new IllegalArgumentException("sizeGb must be at least 1, was " + sizeGb);
        }
    }

    /** The name drivers conventionally give the volume's storage object, as Cinder does. */
    public String storageName() {
        return "volume-" + id;
    }
}
