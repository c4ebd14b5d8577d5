package org.scoria.spi.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Scores backends that passed the filters; the scheduler normalises each weigher's scores to
 * 0..1 across the candidates, multiplies by {@link #multiplier()} and picks the highest sum.
 * Registered with the property {@link #NAME}.
 *
 * @since 1.0
 */
@ConsumerType
public interface BackendWeigher {

    /** Service property: the weigher's name, e.g. {@code CapacityWeigher}. */
    String NAME = "scoria.scheduler.weigher";

    double weigh(BackendState backend, SchedulingRequest request);

    /** How much this weigher counts; negative to prefer low scores. */
    double multiplier();
}
