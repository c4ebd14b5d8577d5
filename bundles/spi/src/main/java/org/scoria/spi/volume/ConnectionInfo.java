package org.scoria.spi.volume;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a consumer (a compute host's os-brick, a backup reader) reaches a volume, shaped as
 * Cinder's drivers answer {@code initialize_connection}.
 *
 * @param driverVolumeType the connector that can use it: {@code rbd}, {@code nfs}, {@code iscsi},
 *                         {@code fibre_channel}, {@code nvmeof}, or a vendor's own
 * @param data             the connector's parameters, with Cinder's key names for that type; values may be null
 * @since 1.3
 */
public record ConnectionInfo(String driverVolumeType, Map<String, Object> data) {

    public ConnectionInfo {
        Objects.requireNonNull(driverVolumeType, "driverVolumeType");
        // Insertion order kept and null values allowed: Cinder's drivers answer e.g. a null secret_uuid.
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
