package org.scoria.test.stuck;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** A scheduler filter that never answers. */
@Component(property = BackendFilter.NAME + "=StuckFilter")
public class StuckFilter implements BackendFilter {

    private final Stuck stuck = new Stuck();

    @Deactivate
    void deactivate() {
        stuck.release();
    }

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        stuck.hang();
        return true;
    }
}
