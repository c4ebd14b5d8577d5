package org.scoria.scheduler.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.scoria.fault.FaultPoints;
import org.scoria.guard.VendorGuard;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.Subscription;
import org.scoria.messaging.command.CommandHandlers;
import org.scoria.messaging.command.Placement;
import org.scoria.messaging.command.ScheduleCreateVolume;
import org.scoria.messaging.command.SchedulerCommand;
import org.scoria.persistence.QosSpecs;
import org.scoria.persistence.QosSpecsStore;
import org.scoria.persistence.ServiceState;
import org.scoria.persistence.ServiceStateStore;
import org.scoria.persistence.UserMessageStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeType;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.scheduler.JsonQuery;
import org.scoria.scheduler.PlacementCheck;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the scheduler queue: places each {@code creating} volume on a backend and forwards
 * it to that backend's volume manager, or puts it in {@code error} with the reason none fits.
 * <p>
 * The queue is consumed only while every configured filter and weigher is present, and not
 * before backends have reported (or the start-up wait is over): requests that arrive earlier
 * wait in the broker rather than fail for want of a backend.
 */
@Component(service = PlacementCheck.class, immediate = true, configurationPid = "org.scoria.scheduler")
@Designate(ocd = SchedulerConfig.class)
public class FilterScheduler implements PlacementCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FilterScheduler.class);

    private final Map<String, BackendFilter> filters = new ConcurrentHashMap<>();
    private final Map<String, BackendWeigher> weighers = new ConcurrentHashMap<>();
    private final VolumeStore store;
    private final VolumeTypeStore types;
    private final QosSpecsStore qos;
    private final ServiceStateStore services;
    private final UserMessageStore messages;
    private final CommandBus bus;
    private final BackendStateTracker tracker;
    private final VendorGuard guard;
    private volatile SchedulerConfig config;
    /** How placements call vendor plug-ins, made once per configuration. */
    private volatile PluginCalls pluginCalls;
    private final ScheduledExecutorService startup = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "scoria-scheduler-startup"));
    private final long startedAtMillis = System.currentTimeMillis();
    private volatile List<String> filterNames;
    private volatile List<String> weigherNames;
    private volatile boolean active;
    private final CommandHandlers<SchedulerCommand, Outbox, Void> handlers = CommandHandlers
            .<SchedulerCommand, Outbox, Void>of(SchedulerCommand.class, SchedulerCommand::read)
            .on(ScheduleCreateVolume.class, this::schedule)
            .complete();
    private boolean warnedMissing;
    private Subscription subscription;

    @Activate
    public FilterScheduler(@Reference VolumeStore store, @Reference VolumeTypeStore types, @Reference QosSpecsStore qos,
            @Reference ServiceStateStore services, @Reference UserMessageStore messages, @Reference CommandBus bus,
            @Reference BackendStateTracker tracker, @Reference VendorGuard guard, SchedulerConfig config) {
        this.store = store;
        this.types = types;
        this.qos = qos;
        this.services = services;
        this.messages = messages;
        this.bus = bus;
        this.tracker = tracker;
        this.guard = guard;
        this.config = config;
        this.pluginCalls = new PluginCalls(guard, Duration.ofMillis(config.plugin_call_timeout_ms()));
        this.filterNames = names(config.filters());
        this.weigherNames = names(config.weighers());
        this.active = true;
        startup.scheduleWithFixedDelay(() -> {
            try {
                updateConsumption();
            } catch (RuntimeException e) {
                LOG.error("Scheduler could not start consuming; retrying", e);
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a new configuration without dropping the queue: filters and weighers an operator
     * just enabled (a vendor's, say) apply from the next request, or consumption pauses until
     * they are installed.
     */
    @Modified
    synchronized void modified(SchedulerConfig changed) {
        int concurrencyBefore = config.concurrency();
        config = changed;
        pluginCalls = new PluginCalls(guard, Duration.ofMillis(changed.plugin_call_timeout_ms()));
        filterNames = names(changed.filters());
        weigherNames = names(changed.weighers());
        if (subscription != null && changed.concurrency() != concurrencyBefore) {
            boolean paused = subscription.isPaused();
            subscription.close();
            subscription = bus.consume(Destinations.SCHEDULER, changed.concurrency(), this::handle);
            if (paused) {
                subscription.pause();
            }
        }
        LOG.info("Scheduler reconfigured: filters {}, weighers {}, {} consumers, {} attempts per create", filterNames,
                weigherNames, changed.concurrency(), changed.scheduler_max_attempts());
        warnedMissing = false;
        updateConsumption();
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        startup.shutdownNow();
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFilter(BackendFilter filter, Map<String, Object> properties) {
        filters.put(String.valueOf(properties.get(BackendFilter.NAME)), filter);
        updateConsumption();
    }

    void unbindFilter(BackendFilter filter, Map<String, Object> properties) {
        filters.remove(String.valueOf(properties.get(BackendFilter.NAME)), filter);
        updateConsumption();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWeigher(BackendWeigher weigher, Map<String, Object> properties) {
        weighers.put(String.valueOf(properties.get(BackendWeigher.NAME)), weigher);
        updateConsumption();
    }

    void unbindWeigher(BackendWeigher weigher, Map<String, Object> properties) {
        weighers.remove(String.valueOf(properties.get(BackendWeigher.NAME)), weigher);
        updateConsumption();
    }

    /** Starts, pauses or resumes consumption to match whether the scheduler can decide well. */
    synchronized void updateConsumption() {
        if (!active) {
            return;
        }
        List<String> missing = missingPlugins();
        boolean waitedEnough = tracker.hasReports()
                || System.currentTimeMillis() - startedAtMillis >= TimeUnit.SECONDS.toMillis(config.startup_wait_seconds());
        boolean ready = missing.isEmpty() && waitedEnough;
        if (!missing.isEmpty() && waitedEnough && subscription == null && !warnedMissing) {
            warnedMissing = true;
            LOG.warn("Scheduler not started, requests wait in the queue: filters/weighers {} are not installed", missing);
        }
        if (ready && subscription == null) {
            subscription = bus.consume(Destinations.SCHEDULER, config.concurrency(), this::handle);
            LOG.info("Scheduler consuming {} with filters {} and weighers {}", Destinations.SCHEDULER, filterNames,
                    weigherNames);
            startup.shutdown();
        } else if (ready && subscription.isPaused()) {
            subscription.resume();
            LOG.info("Scheduler resumed: all filters and weighers are back");
        } else if (!missing.isEmpty() && subscription != null && !subscription.isPaused()) {
            LOG.warn("Scheduler paused, requests wait in the queue: filters/weighers {} are missing", missing);
            subscription.pause();
        }
    }

    private List<String> missingPlugins() {
        List<String> missing = new ArrayList<>();
        for (String name : filterNames) {
            if (!filters.containsKey(name)) {
                missing.add(name);
            }
        }
        for (String name : weigherNames) {
            if (!weighers.containsKey(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    private BackendSelector selector() {
        List<Map.Entry<String, BackendFilter>> chosenFilters = new ArrayList<>();
        for (String name : filterNames) {
            BackendFilter filter = filters.get(name);
            if (filter == null) {
                throw new IllegalStateException("Filter " + name + " went away; the request will be retried");
            }
            chosenFilters.add(Map.entry(name, filter));
        }
        List<BackendWeigher> chosenWeighers = new ArrayList<>();
        for (String name : weigherNames) {
            BackendWeigher weigher = weighers.get(name);
            if (weigher == null) {
                throw new IllegalStateException("Weigher " + name + " went away; the request will be retried");
            }
            chosenWeighers.add(weigher);
        }
        return new BackendSelector(chosenFilters, chosenWeighers, pluginCalls);
    }

    /** Names from configuration: a .cfg file gives one comma-separated string where DS expects an array. */
    static List<String> names(String[] configured) {
        List<String> names = new ArrayList<>();
        for (String entry : configured) {
            for (String name : entry.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Optional<String> refusal(Volume volume, String typeId) {
        BackendSelector selector = selector();
        SchedulingRequest request = request(volume, volume.availabilityZone(), typeId, volume.host(), Set.of(), Map.of(),
                null);
        List<BackendState> current = tracker.backends().stream()
                .filter(backend -> backend.poolHost().equals(volume.host())).toList();
        BackendSelector.Decision decision = selector.select(current, request, Set.of());
        return decision.backend().isPresent() ? Optional.empty() : Optional.of(decision.reason());
    }

    /** What placing a volume with a type asks of a backend: room, the zone, the type's extra specs and QoS specs. */
    private SchedulingRequest request(Volume volume, String zone, String typeId, String existingHost,
            Set<String> tried, Map<String, Set<String>> hints, JsonQuery query) {
        Optional<VolumeType> type = typeId == null ? Optional.empty() : types.find(typeId);
        Map<String, String> qosSpecs = type.map(VolumeType::qosSpecsId).flatMap(qos::find).map(QosSpecs::specs)
                .orElse(Map.of());
        return new SchedulingRequest(volume.id(), volume.sizeGb(), zone, type.map(VolumeType::extraSpecs).orElse(Map.of()),
                existingHost, tried, hints, query, qosSpecs);
    }

    private Set<String> disabledVolumeHosts() {
        return services.all().stream()
                .filter(service -> service.disabled() && ServiceState.VOLUME_BINARY.equals(service.binary()))
                .map(ServiceState::host).collect(Collectors.toSet());
    }

    void handle(Command command, Outbox outbox) throws Exception {
        handlers.handle(command, outbox);
    }

    private void schedule(ScheduleCreateVolume command, Outbox outbox) {
        Placement placement = command.placement();
        Volume volume = store.find(command.resourceId()).orElse(null);
        if (volume == null || volume.status() != VolumeStatus.CREATING) {
            LOG.debug("[{}] Volume {} no longer waits for scheduling", command.requestId(), command.resourceId());
            return;
        }
        // The zone the create asked for: the row's zone becomes the backend's once placed.
        String requestedZone = placement.requestedZone() != null ? placement.zoneAsked() : volume.availabilityZone();
        Command create = command.forward(placement.inZone(requestedZone)).toCommand();
        if (volume.host() != null) {
            // Placed before a crash or rollback, but the forward may not have left: send it again.
            outbox.send(Destinations.volumeManager(volume.backendHost()), create);
            return;
        }
        String sourceHost = placement.sourceHost();
        if (sourceHost != null) {
            // A copy goes where its source's data is: there is no choice to make, only whether that
            // backend takes new volumes now (one not heard of yet may still report: the copy waits for it).
            String sourceBackend = Volume.backendOf(sourceHost);
            boolean down = tracker.backends().stream().anyMatch(backend -> backend.backendHost().equals(sourceBackend)
                    && BackendReport.DOWN.equals(backend.state()));
            if (down || disabledVolumeHosts().contains(sourceBackend)) {
                fail(volume, command, "A copy is made on its source's backend " + sourceBackend + ", which is "
                        + (down ? "down" : "disabled") + ".");
                return;
            }
            if (store.assignHost(volume.id(), sourceHost, volume.availabilityZone())) {
                outbox.send(Destinations.volumeManager(sourceBackend), create);
            }
            return;
        }
        // A backend may be named twice (e.g. tried again with RetryFilter off): it counts once.
        Set<String> tried = Set.copyOf(placement.triedHosts());
        if (tried.size() >= config.scheduler_max_attempts()) {
            fail(volume, command, "The volume could not be created on " + tried.size() + " backend"
                    + (tried.size() == 1 ? "" : "s") + " (scheduler_max_attempts is " + config.scheduler_max_attempts()
                    + ")" + lastFailure(volume));
            return;
        }
        JsonQuery query;
        try {
            query = query(placement);
        } catch (IllegalArgumentException e) {
            fail(volume, command, "The scheduler hint query cannot be read: " + e.getMessage());
            return;
        }
        SchedulingRequest request = request(volume, requestedZone, volume.volumeTypeId(), null, tried,
                hintBackends(placement), query);
        BackendSelector.Decision decision = tracker.place(selector(), request, disabledVolumeHosts());
        if (decision.backend().isEmpty()) {
            fail(volume, command, decision.reason() + (tried.isEmpty() ? ""
                    : " Tried before: " + String.join(", ", tried) + lastFailure(volume)));
            return;
        }
        BackendState backend = decision.backend().get();
        boolean assigned;
        try {
            assigned = store.assignHost(volume.id(), backend.poolHost(), backend.availabilityZone());
        } catch (RuntimeException e) {
            tracker.release(backend.backendHost(), volume.id());
            throw e;
        }
        if (!assigned) {
            tracker.release(backend.backendHost(), volume.id());
            return;
        }
        tracker.recorded(backend.backendHost(), volume.id());
        FaultPoints.reach("scheduler." + command.type() + ".placed");
        outbox.send(Destinations.volumeManager(backend.backendHost()), create);
        LOG.debug("[{}] Volume {} scheduled on {}{}", command.requestId(), volume.id(), backend.poolHost(),
                tried.isEmpty() ? "" : " after failing on " + tried);
    }

    /** The volume goes to error, and its owner gets a message saying why. */
    private void fail(Volume volume, ScheduleCreateVolume command, String reason) {
        if (store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason(reason))) {
            // Cinder's event: action 001 "schedule allocate volume", detail 003 "no backend available".
            messages.create(volume.projectId(), command.requestId(), "VOLUME", volume.id(), "VOLUME_VOLUME_001_003",
                    "schedule allocate volume: Could not find any available weighted backend. " + reason);
        }
        LOG.warn("[{}] Volume {} failed to schedule: {}", command.requestId(), volume.id(), reason);
    }

    private static String lastFailure(Volume volume) {
        return volume.statusReason() == null ? "." : "; the last failure: " + volume.statusReason();
    }

    /** The scheduler hints the API put on the command: the backends of the volumes each names, looked up once. */
    private Map<String, Set<String>> hintBackends(Placement placement) {
        Map<String, Set<String>> hints = new HashMap<>();
        for (String hint : List.of(Placement.SAME_HOST, Placement.DIFFERENT_HOST)) {
            List<String> ids = placement.volumesHinted(hint);
            if (!ids.isEmpty()) {
                hints.put(hint, ids.stream().map(store::find).flatMap(Optional::stream)
                        .map(Volume::backendHost).filter(Objects::nonNull).collect(Collectors.toSet()));
            }
        }
        return hints;
    }

    /**
     * The hint {@code query}, which the API checked.
     *
     * @throws IllegalArgumentException when it is unreadable all the same
     */
    private static JsonQuery query(Placement placement) {
        String query = placement.hints().get(Placement.QUERY);
        return query == null || query.isBlank() ? null : JsonQuery.parse(query);
    }
}
