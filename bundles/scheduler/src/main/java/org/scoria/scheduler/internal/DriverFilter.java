package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/**
 * Cinder's driver filter: a backend that reports a {@code filter_function} takes the volumes for
 * which it is true. One that cannot be evaluated excludes its backend, as in Cinder.
 */
@Component(property = BackendFilter.NAME + "=DriverFilter")
public class DriverFilter implements BackendFilter {

    private final ReportedFunction function = new ReportedFunction(ReportedFunction.FILTER);

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        return function.evaluate(backend, request, false).map(DriverFunction::truthy).orElse(true);
    }
}
