package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Cinder's retry filter: a rescheduled create does not go back to a backend it already failed on. */
@Component(property = BackendFilter.NAME + "=RetryFilter")
public class RetryFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        return !request.triedHosts().contains(backend.backendHost());
    }
}
