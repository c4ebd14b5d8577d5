package org.scoria.scheduler.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Cinder's different-backend filter: hint {@code different_host} keeps the volume off the backends of the volumes it names. */
@Component(property = BackendFilter.NAME + "=DifferentBackendFilter")
public class DifferentBackendFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        return !request.hints().getOrDefault(SchedulingRequest.DIFFERENT_HOST, Set.of()).contains(backend.backendHost());
    }
}
