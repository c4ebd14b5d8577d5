package org.scoria.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * Named quality-of-service limits, associated with volume types.
 *
 * @param consumer where they are enforced: {@code front-end}, {@code back-end} or {@code both}
 * @param specs    the keys, e.g. {@code total_iops_sec}; never {@code null}
 * @since 2.1
 */
public record QosSpecs(String id, String name, String consumer, Map<String, String> specs, Instant createdAt) {

    public QosSpecs {
        specs = specs == null ? Map.of() : Map.copyOf(specs);
    }
}
