package org.scoria.persistence;

import java.time.Instant;

/**
 * What an operator set on a service: whether it takes new work.
 *
 * @param binary         Cinder's binary name, e.g. {@code cinder-volume}
 * @param disabledReason why it was disabled, or {@code null}
 * @since 2.3
 */
public record ServiceState(String host, String binary, boolean disabled, String disabledReason, Instant updatedAt) {

    /** Cinder's binary of the services that serve backends, one per backend ({@code host@backend}). @since 2.4 */
    public static final String VOLUME_BINARY = "cinder-volume";

    /** Cinder's binary of the scheduler. @since 2.4 */
    public static final String SCHEDULER_BINARY = "cinder-scheduler";
}
