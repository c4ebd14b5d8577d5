package org.scoria.spi.volume;

import java.util.Objects;

/**
 * The snapshot a driver is asked to act on: a point-in-time image of a volume.
 *
 * @param id               the snapshot's UUID
 * @param volume           the volume it is (or is to be) a snapshot of, as it was when the snapshot was taken
 * @param providerLocation what the driver returned when it created the snapshot, or {@code null}
 * @since 1.1
 */
public record SnapshotSpec(String id, VolumeSpec volume, String providerLocation) {

    public SnapshotSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(volume, "volume");
    }

    /** The name drivers conventionally give the snapshot's storage object, as Cinder does. */
    public String storageName() {
        return "snapshot-" + id;
    }
}
