package org.scoria.volume.api.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;
import org.scoria.persistence.HostUsage;
import org.scoria.persistence.ServiceState;
import org.scoria.persistence.ServiceStateStore;
import org.scoria.persistence.VolumeStore;
import org.scoria.scheduler.BackendNodeState;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.scheduler.SchedulerNodeState;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceAdmin;
import org.scoria.volume.api.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node's scheduler and backends as Cinder's services, with the operators' switches. A
 * backend's service on a node is named {@code node@backend}; when nodes share the backend's host,
 * they form the cluster {@code host@backend} (one node named like its host forms none).
 */
@Component(service = ServiceAdmin.class)
public class DefaultServiceAdmin implements ServiceAdmin {

    private static final String SCHEDULER = ServiceState.SCHEDULER_BINARY;
    private static final String VOLUME = ServiceState.VOLUME_BINARY;

    private static final Logger LOG = LoggerFactory.getLogger(DefaultServiceAdmin.class);

    @Reference
    private ServiceStateStore states;

    @Reference
    private VolumeStore volumes;

    @Reference
    private CommandJournal journal;

    /** The scheduler's view of nodes and backends; dynamic, so a scheduler restart does not restart this. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BackendRegistry backends;

    @Override
    public List<Service> list(RequestContext context, String host, String binary) {
        context.authorize("volume_extension:services:index");
        return services(host, binary);
    }

    private BackendRegistry registry() {
        BackendRegistry registry = backends;
        if (registry == null) {
            throw new ServiceUnavailableException("The scheduler is not running; services cannot be listed now.");
        }
        return registry;
    }

    private List<Service> services(String host, String binary) {
        BackendRegistry registry = registry();
        Map<String, ServiceState> switches = states.all().stream()
                .collect(Collectors.toMap(state -> state.binary() + " " + state.host(), Function.identity()));
        List<Service> services = new ArrayList<>();
        for (SchedulerNodeState scheduler : registry.schedulers()) {
            services.add(service(SCHEDULER, scheduler.node(), null, "nova", scheduler.up(),
                    Instant.ofEpochMilli(scheduler.reportedAtMillis()), switches.get(SCHEDULER + " " + scheduler.node())));
        }
        Map<String, String> zones = registry.backends().stream()
                .collect(Collectors.toMap(BackendState::backendHost, BackendState::availabilityZone, (a, b) -> a));
        for (BackendNodeState node : registry.backendNodes()) {
            String backendHost = node.backendHost();
            int at = backendHost.indexOf('@');
            String serviceHost = node.node() + backendHost.substring(Math.max(at, 0));
            services.add(service(VOLUME, serviceHost, serviceHost.equals(backendHost) ? null : backendHost,
                    zones.get(backendHost), !BackendReport.DOWN.equals(node.state()),
                    Instant.ofEpochMilli(node.reportedAtMillis()), switches.get(VOLUME + " " + backendHost)));
        }
        services.removeIf(service -> host != null && !onHost(service.host(), host) && !host.equals(service.cluster())
                || binary != null && !service.binary().equals(binary));
        return services;
    }

    /**
     * Cinder's host filter: a host names itself and the backends (and pools) on it,
     * {@code node1} matching {@code node1@nfs-default}; a backend names itself and its pools.
     */
    static boolean onHost(String serviceHost, String host) {
        return serviceHost.equals(host) || !host.contains("#") && serviceHost.startsWith(host + "#")
                || !host.contains("@") && serviceHost.startsWith(host + "@");
    }

    @Override
    public List<HostUsage> hostUsage(RequestContext context, String host) {
        context.authorize("volume_extension:hosts");
        Service service = services(host, VOLUME).stream()
                .filter(candidate -> candidate.host().equals(host) && candidate.status().equals("enabled")).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("Host " + host + " could not be found."));
        // Volumes record the backend's host, which is its cluster's when nodes share it.
        return volumes.usageOnHost(service.cluster() != null ? service.cluster() : service.host());
    }

    @Override
    public long requestsInFlight(RequestContext context, String backendHost) {
        context.authorize("volume_extension:services:index");
        return volumes.countInProgressOnBackend(backendHost);
    }

    @Override
    public Cleanup cleanup(RequestContext context, CleanupFilter filter) {
        context.authorize("workers:cleanup");
        String named = filter.cluster() != null ? filter.cluster() : filter.host();
        List<Service> selected = services(named, filter.binary()).stream()
                .filter(service -> filter.up() == null || service.state().equals("up") == filter.up())
                .filter(service -> filter.disabled() == null || service.status().equals("disabled") == filter.disabled())
                .filter(service -> filter.serviceId() == null || service.number() == filter.serviceId())
                .toList();
        List<Service> all = services(null, null);
        List<Service> cleaning = new ArrayList<>();
        List<Service> unavailable = new ArrayList<>();
        Set<String> destinations = new HashSet<>();
        for (Service service : selected) {
            // The work of a backend's service is its queue's, which any node of the backend takes.
            String backend = service.cluster() != null ? service.cluster() : service.host();
            boolean taken = all.stream().anyMatch(other -> other.binary().equals(service.binary())
                    && other.state().equals("up") && (service.binary().equals(SCHEDULER)
                            || backend.equals(other.cluster() != null ? other.cluster() : other.host())));
            (taken ? cleaning : unavailable).add(service);
            if (taken) {
                destinations.add(service.binary().equals(SCHEDULER) ? Destinations.SCHEDULER
                        : Destinations.volumeManager(backend));
            }
        }
        try {
            int sent = destinations.isEmpty() ? 0 : journal.resendNow(destinations);
            LOG.info("[{}] Workers cleanup by {}: {} journal entries sent again for {}", context.requestId(),
                    context.userId(), sent, destinations);
        } catch (MessagingException e) {
            throw new ServiceUnavailableException("The broker cannot take the pending commands now; the journal sends"
                    + " them once it can: " + e.getMessage());
        }
        return new Cleanup(cleaning, unavailable);
    }

    @Override
    public List<Cluster> clusters(RequestContext context, String name) {
        context.authorize(name == null ? "clusters:get_all" : "clusters:get");
        return name == null ? clusters(null) : existing(name);
    }

    @Override
    public Cluster setClusterEnabled(RequestContext context, String name, boolean enabled, String reason) {
        context.authorize("clusters:update");
        existing(name);
        states.set(name, VOLUME, !enabled, reason);
        LOG.warn("[{}] Cluster {} {} by {}{}", context.requestId(), name, enabled ? "enabled" : "disabled",
                context.userId(), reason == null ? "" : ": " + reason);
        return existing(name).get(0);
    }

    /** One cluster per backend, of the nodes that report it. */
    private List<Cluster> clusters(String name) {
        BackendRegistry registry = registry();
        Map<String, List<BackendNodeState>> nodes = registry.backendNodes().stream()
                .filter(node -> name == null || name.equals(node.backendHost()))
                .collect(Collectors.groupingBy(BackendNodeState::backendHost, TreeMap::new, Collectors.toList()));
        Map<String, ServiceState> switches = states.all().stream().filter(state -> state.binary().equals(VOLUME))
                .collect(Collectors.toMap(ServiceState::host, Function.identity()));
        List<Cluster> clusters = new ArrayList<>();
        nodes.forEach((backendHost, members) -> {
            int down = (int) members.stream().filter(node -> BackendReport.DOWN.equals(node.state())).count();
            ServiceState state = switches.get(backendHost);
            boolean disabled = state != null && state.disabled();
            clusters.add(new Cluster(backendHost, VOLUME, down < members.size() ? "up" : "down",
                    disabled ? "disabled" : "enabled", members.size(), down,
                    Instant.ofEpochMilli(members.stream().mapToLong(BackendNodeState::reportedAtMillis).max().orElse(0)),
                    disabled ? state.disabledReason() : null));
        });
        return clusters;
    }

    /** The named cluster, as a list of one, or Cinder's 404. */
    private List<Cluster> existing(String name) {
        List<Cluster> named = clusters(name);
        if (named.isEmpty()) {
            throw new ResourceNotFoundException("Cluster {'binary': 'cinder-volume', 'name': '" + name
                    + "'} could not be found.");
        }
        return named;
    }

    @Override
    public Service setEnabled(RequestContext context, String host, String binary, boolean enabled, String reason) {
        context.authorize("volume_extension:services:update");
        // Exactly the host (or cluster) named, as Cinder's lookup by host and binary.
        List<Service> matching = services(host, binary).stream()
                .filter(service -> service.host().equals(host) || host.equals(service.cluster())).toList();
        if (matching.isEmpty()) {
            throw new ResourceNotFoundException("Service " + binary + " on host " + host + " could not be found.");
        }
        // The scheduler places on backends, so a backend's switch is its cluster's: every node's service of it.
        Service service = matching.get(0);
        String switched = service.cluster() != null ? service.cluster() : service.host();
        ServiceState state = states.set(switched, binary, !enabled, reason);
        LOG.warn("[{}] Service {} on {} {} by {}{}", context.requestId(), binary, switched,
                enabled ? "enabled" : "disabled", context.userId(), reason == null ? "" : ": " + reason);
        return service(binary, service.host(), service.cluster(), service.zone(), service.state().equals("up"),
                service.updatedAt(), state);
    }

    private static Service service(String binary, String host, String cluster, String zone, boolean up,
            Instant updatedAt, ServiceState state) {
        boolean disabled = state != null && state.disabled();
        String upOrDown = up ? "up" : "down";
        return new Service(binary, host, cluster, zone, disabled ? "disabled" : "enabled", upOrDown, updatedAt,
                disabled ? state.disabledReason() : null, upOrDown);
    }
}
