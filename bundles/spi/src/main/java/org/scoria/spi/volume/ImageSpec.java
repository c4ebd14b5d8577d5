package org.scoria.spi.volume;

import java.util.List;
import java.util.Objects;

/**
 * An image a volume is to be made from, as the image service describes it, for a driver that
 * may make the volume without copying the image's data.
 *
 * @param id         the image's id in the image service
 * @param diskFormat the format the image service declares ({@code raw}, {@code qcow2}, …); not checked
 *                   against the data, which the driver would not read
 * @param sizeBytes  the size of its data
 * @param locations  where the image service keeps the data, as it shows them (Glance's {@code direct_url}
 *                   and locations), e.g. {@code rbd://<fsid>/<pool>/<image>/<snapshot>}; may be empty
 * @since 1.3
 */
public record ImageSpec(String id, String diskFormat, long sizeBytes, List<String> locations) {

    public ImageSpec {
        Objects.requireNonNull(id, "id");
        locations = List.copyOf(locations);
    }
}
