package org.scoria.scheduler.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Cinder's same-backend filter: hint {@code same_host} puts the volume on the backend of the volumes it names. */
@Component(property = BackendFilter.NAME + "=SameBackendFilter")
public class SameBackendFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        if (!request.hints().containsKey(SchedulingRequest.SAME_HOST)) {
            return true;
        }
        Set<String> backends = request.hints().get(SchedulingRequest.SAME_HOST);
        // Every named volume that is placed is on this backend, and at least one is placed.
        return !backends.isEmpty() && backends.equals(Set.of(backend.backendHost()));
    }
}
