package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Component;
import org.scoria.scheduler.BackendFilter;
import org.scoria.scheduler.BackendState;
import org.scoria.scheduler.JsonQuery;
import org.scoria.scheduler.SchedulingRequest;

/** Cinder's JSON filter: the scheduler hint {@code query} selects backends by their attributes. */
@Component(property = BackendFilter.NAME + "=JsonFilter")
public class JsonFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        JsonQuery query = request.query();
        return query == null || query.matches(BackendAttributes.of(backend));
    }
}
