package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/**
 * Cinder's capacity filter: the reserved share of a backend is never used; a thin backend may
 * be over-subscribed up to its ratio, and its free space scaled by that ratio must hold the
 * volume; a thick backend needs the space physically free.
 */
@Component(property = BackendFilter.NAME + "=CapacityFilter")
public class CapacityFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        if (backend.poolHost().equals(request.existingHost())) {
            // The volume is already there (a retype): its space is taken already.
            return true;
        }
        double total = backend.totalCapacityGb();
        if (total <= 0) {
            return false;
        }
        double free = backend.freeCapacityGb() - Math.floor(total * backend.reservedPercentage() / 100.0);
        int size = request.sizeGb();
        if (backend.thinProvisioning() && backend.maxOverSubscriptionRatio() >= 1) {
            double provisionedRatio = (backend.provisionedCapacityGb() + size) / total;
            if (provisionedRatio > backend.maxOverSubscriptionRatio()) {
                return false;
            }
            return free > 0 && free * backend.maxOverSubscriptionRatio() >= size;
        }
        return free >= size;
    }
}
