package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.messaging.Command;
import org.scoria.persistence.VolumeStore;
import org.scoria.scheduler.BackendFilter;
import org.scoria.scheduler.BackendState;
import org.scoria.scheduler.SchedulingRequest;

/** Cinder's different-backend filter: hint {@code different_host} keeps the volume off the backends of the volumes it names. */
@Component(property = BackendFilter.NAME + "=DifferentBackendFilter")
public class DifferentBackendFilter implements BackendFilter {

    private final VolumeStore store;

    @Activate
    public DifferentBackendFilter(@Reference VolumeStore store) {
        this.store = store;
    }

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        return !request.hints().containsKey(Command.DIFFERENT_HOST)
                || !AffinityFilters.backendsOf(store, request, Command.DIFFERENT_HOST).contains(backend.backendHost());
    }
}
