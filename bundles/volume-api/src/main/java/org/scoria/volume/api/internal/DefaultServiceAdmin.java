package org.scoria.volume.api.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.scoria.messaging.BackendReport;
import org.scoria.persistence.ServiceState;
import org.scoria.persistence.ServiceStateStore;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.scheduler.BackendState;
import org.scoria.scheduler.PlacementCheck;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceAdmin;
import org.scoria.volume.api.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduler and the backends as Cinder's services, with the operators' switches. */
@Component(service = ServiceAdmin.class)
public class DefaultServiceAdmin implements ServiceAdmin {

    private static final String SCHEDULER = ServiceState.SCHEDULER_BINARY;
    private static final String VOLUME = ServiceState.VOLUME_BINARY;

    private static final Logger LOG = LoggerFactory.getLogger(DefaultServiceAdmin.class);

    /** Where the scheduler runs: this machine, looked up once. */
    private final String schedulerHost = localHost();

    @Reference
    private ServiceStateStore states;

    /** The scheduler's view of the backends; dynamic, so a scheduler restart does not restart this. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BackendRegistry backends;

    /** Present while the scheduler runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PlacementCheck scheduler;

    @Override
    public List<Service> list(RequestContext context, String host, String binary) {
        context.authorize("volume_extension:services:index");
        Map<String, ServiceState> switches = states.all().stream()
                .collect(Collectors.toMap(state -> state.binary() + " " + state.host(), Function.identity()));
        List<Service> services = new ArrayList<>();
        services.add(service(SCHEDULER, schedulerHost, "nova", scheduler != null, Instant.now(), true,
                switches.get(SCHEDULER + " " + schedulerHost)));
        BackendRegistry registry = backends;
        if (registry == null) {
            throw new ServiceUnavailableException("The scheduler is not running; services cannot be listed now.");
        }
        for (BackendState backend : registry.backends()) {
            boolean up = !BackendReport.DOWN.equals(backend.state());
            services.add(service(VOLUME, backend.backendHost(), backend.availabilityZone(), up,
                    Instant.ofEpochMilli(backend.reportedAtMillis()), up, switches.get(VOLUME + " " + backend.backendHost())));
        }
        services.removeIf(service -> host != null && !service.host().equals(host)
                || binary != null && !service.binary().equals(binary));
        return services;
    }

    @Override
    public Service setEnabled(RequestContext context, String host, String binary, boolean enabled, String reason) {
        context.authorize("volume_extension:services:update");
        if (list(context, host, binary).isEmpty()) {
            throw new ResourceNotFoundException("Service " + binary + " on host " + host + " could not be found.");
        }
        states.set(host, binary, !enabled, reason);
        LOG.warn("[{}] Service {} on {} {} by {}{}", context.requestId(), binary, host, enabled ? "enabled" : "disabled",
                context.userId(), reason == null ? "" : ": " + reason);
        return list(context, host, binary).get(0);
    }

    private static Service service(String binary, String host, String zone, boolean up, Instant updatedAt,
            boolean backendUp, ServiceState state) {
        boolean disabled = state != null && state.disabled();
        return new Service(binary, host, zone, disabled ? "disabled" : "enabled", up ? "up" : "down", updatedAt,
                disabled ? state.disabledReason() : null, backendUp ? "up" : "down");
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
