package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendQuery;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Cinder's JSON filter: the scheduler hint {@code query} selects backends by their attributes. */
@Component(property = BackendFilter.NAME + "=JsonFilter")
public class JsonFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        BackendQuery query = request.query();
        return query == null || query.matches(BackendAttributes.of(backend));
    }
}
