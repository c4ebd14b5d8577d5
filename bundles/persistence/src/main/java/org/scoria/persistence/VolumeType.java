package org.scoria.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * A volume type: a name users pick at create, and the extra specs the scheduler matches against
 * what backends report.
 *
 * @param isPublic   whether every project may use it; a private type only the projects given access
 * @param qosSpecsId the QoS specs associated with it, or {@code null}
 * @param extraSpecs never {@code null}
 * @since 2.1
 */
public record VolumeType(String id, String name, String description, boolean isPublic, String qosSpecsId,
        Map<String, String> extraSpecs, Instant createdAt, Instant updatedAt) {

    /** Cinder's default type, which volumes without another type have; it cannot be deleted. */
    public static final String DEFAULT_NAME = "__DEFAULT__";

    public VolumeType {
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }
}
