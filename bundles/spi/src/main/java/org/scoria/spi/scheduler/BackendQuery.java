package org.scoria.spi.scheduler;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Cinder's JSON query (the scheduler hint {@code query}, e.g.
 * {@code [">=", "$free_capacity_gb", 10]}), read and checked by the scheduler.
 *
 * @since 1.0
 */
@ProviderType
public interface BackendQuery {

    /**
     * Whether a backend with these attributes matches: Cinder's names, e.g.
     * {@code free_capacity_gb}, {@code total_capacity_gb}, {@code capabilities.<name>}.
     */
    boolean matches(Map<String, Object> attributes);

    /** The query as JSON text. */
    String toJson();
}
