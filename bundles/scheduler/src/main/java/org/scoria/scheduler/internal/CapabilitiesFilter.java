package org.scoria.scheduler.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/**
 * Cinder's capabilities filter: every extra spec of the volume's type that is unscoped or scoped
 * {@code capabilities:} must match what the backend reports (e.g. {@code volume_backend_name});
 * specs of other scopes ({@code qos:}, {@code RESKEY:}…) are for drivers, not for placement. A
 * nested capability is named by its path, {@code capabilities:a:b}.
 */
@Component(property = BackendFilter.NAME + "=CapabilitiesFilter")
public class CapabilitiesFilter implements BackendFilter {

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        for (Map.Entry<String, String> spec : request.extraSpecs().entrySet()) {
            if (!ExtraSpecMatcher.concernsScheduler(spec.getKey())) {
                continue;
            }
            String[] path = spec.getKey().split(":");
            Object capability = backend.capabilities();
            for (int i = path.length > 1 ? 1 : 0; i < path.length && capability != null; i++) {
                capability = capability instanceof Map<?, ?> nested ? nested.get(path[i]) : null;
            }
            if (capability == null || !ExtraSpecMatcher.matches(capability, spec.getValue())) {
                return false;
            }
        }
        return true;
    }
}
