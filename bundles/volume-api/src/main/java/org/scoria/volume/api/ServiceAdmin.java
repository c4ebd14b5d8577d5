package org.scoria.volume.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Cinder's {@code os-services} for operators: the scheduler and one {@code cinder-volume} service
 * per backend, with their real state from the backends' reports, and the switch that stops the
 * scheduler from placing new volumes on a backend.
 *
 * @since 2.3
 */
@ProviderType
public interface ServiceAdmin {

    /**
     * One service.
     *
     * @param status       {@code enabled} or {@code disabled}, as an operator set it
     * @param state        {@code up} or {@code down}, from its reports
     * @param backendState the backend's own state, {@code up} or {@code down} (Cinder's 3.49 field)
     */
    record Service(String binary, String host, String zone, String status, String state, Instant updatedAt,
            String disabledReason, String backendState) {
    }

    /** The services, of one host or binary when not {@code null} (administrators). */
    List<Service> list(RequestContext context, String host, String binary);

    /**
     * Enables or disables a service (administrators).
     *
     * @throws ResourceNotFoundException when there is no such service
     */
    Service setEnabled(RequestContext context, String host, String binary, boolean enabled, String reason);
}
