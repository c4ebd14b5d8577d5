package org.scoria.image;

import java.util.List;
import java.util.Map;

/**
 * An image as Glance v2 shows it.
 *
 * @param sizeBytes        the size of its data; {@code null} before it has any
 * @param virtualSizeBytes the size of the disk it holds, when Glance knows it (qcow2 and others); {@code null} if not
 * @param hashAlgorithm    Glance's {@code os_hash_algo} (e.g. {@code sha512}), or {@code null} for images older than it
 * @param hashValue        its {@code os_hash_value}: the data's hash in hex, or {@code null}
 * @param checksum         its MD5 in hex, or {@code null}
 * @param properties       every other property it carries (its user properties: {@code hw_disk_bus},
 *                         {@code os_distro}, …), as strings
 * @param locations        where Glance keeps the data, when it shows it ({@code direct_url}, then the
 *                         locations' URLs, e.g. {@code rbd://<fsid>/images/<id>/snap}); empty if not (since 1.1)
 * @since 1.0
 */
public record Image(String id, String name, String status, String diskFormat, String containerFormat, Long sizeBytes,
        Long virtualSizeBytes, int minDiskGb, int minRamMb, String checksum, String hashAlgorithm, String hashValue,
        String visibility, boolean isProtected, Map<String, String> properties, List<String> locations) {

    /** Glance's status of an image whose data can be read. */
    public static final String ACTIVE = "active";

    public Image {
        properties = Map.copyOf(properties);
        locations = List.copyOf(locations);
    }

    /** An image whose locations are not shown. */
    public Image(String id, String name, String status, String diskFormat, String containerFormat, Long sizeBytes,
            Long virtualSizeBytes, int minDiskGb, int minRamMb, String checksum, String hashAlgorithm, String hashValue,
            String visibility, boolean isProtected, Map<String, String> properties) {
        this(id, name, status, diskFormat, containerFormat, sizeBytes, virtualSizeBytes, minDiskGb, minRamMb, checksum,
                hashAlgorithm, hashValue, visibility, isProtected, properties, List.of());
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
