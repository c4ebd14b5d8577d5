package org.scoria.spi.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a backend can take a volume. Registered as a service with the property
 * {@link #NAME}; operators enable filters by that name, in order, in the scheduler's configuration.
 *
 * @since 1.0
 */
@ConsumerType
public interface BackendFilter {

    /** Service property: the filter's name, e.g. {@code CapacityFilter}. */
    String NAME = "scoria.scheduler.filter";

    boolean passes(BackendState backend, SchedulingRequest request);
}
