package org.scoria.persistence;

import java.util.Set;

/**
 * What the database has placed on one pool, as a backend reports it to the schedulers.
 *
 * @param volumes        its live volumes, Cinder's {@code total_volumes}
 * @param allocatedGb    their GiB, those still being created included: Cinder's {@code allocated_capacity_gb}
 * @param recentlyPlaced the ids of those placed on it since the moment asked for, all of which
 *                       {@code volumes} and {@code allocatedGb} count
 * @since 4.0
 */
public record PoolAllocation(long volumes, long allocatedGb, Set<String> recentlyPlaced) {

    public PoolAllocation {
        recentlyPlaced = Set.copyOf(recentlyPlaced);
    }
}
