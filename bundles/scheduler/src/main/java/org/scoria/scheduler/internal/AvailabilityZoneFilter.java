package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Passes backends in the zone the volume asks for; a volume that asks for none fits any zone. */
@Component(property = BackendFilter.NAME + "=AvailabilityZoneFilter")
public class AvailabilityZoneFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        return request.availabilityZone() == null || request.availabilityZone().equals(backend.availabilityZone());
    }
}
