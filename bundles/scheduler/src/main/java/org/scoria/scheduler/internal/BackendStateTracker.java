package org.scoria.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.Node;
import org.scoria.messaging.SchedulerReport;
import org.scoria.messaging.Subscription;
import org.scoria.scheduler.BackendNodeState;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.scheduler.SchedulerNodeState;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest report of every backend and counts the scheduler's own placements against
 * it until a report counts them, so that a burst of creates does not all land on a backend that
 * only has room for a few (Cinder's {@code consume_from_volume}, but thin-aware). A report counts
 * the placements its volume manager found in the database when it made it, volumes still being
 * created included, and names those of its last seconds; the scheduler keeps counting only those
 * it recorded after the report's moment that the report does not name.
 *
 * <p>Nodes that share a host serve its backends together, each reporting on its own: a backend
 * is as available as its best node, and its capacity is the newest report of a node that is up.
 * The schedulers of all nodes send heartbeats, so that each node can list all of them.
 */
@Component(service = {BackendRegistry.class, BackendStateTracker.class}, configurationPid = "org.scoria.scheduler")
public class BackendStateTracker implements BackendRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BackendStateTracker.class);

    private final Map<String, Tracked> backends = new ConcurrentHashMap<>();
    private final Map<String, SchedulerReport> schedulers = new ConcurrentHashMap<>();
    private final CountDownLatch firstReport = new CountDownLatch(1);
    private volatile long downAfterMillis;
    private final String node;
    private final CommandBus bus;
    private final Subscription reports;
    private final Subscription schedulerReports;
    private final Subscription reportRequests;
    private final ScheduledExecutorService heartbeats;

    @Activate
    public BackendStateTracker(@Reference CommandBus bus, @Reference Node node, SchedulerConfig config) {
        this.downAfterMillis = TimeUnit.SECONDS.toMillis(config.service_down_time_seconds());
        this.node = node.name();
        this.bus = bus;
        this.reports = bus.subscribe(Destinations.BACKEND_REPORTS, BackendReport.class, this::onReport);
        this.schedulerReports = bus.subscribe(Destinations.SCHEDULER_REPORTS, SchedulerReport.class,
                this::onSchedulerReport);
        // The other schedulers announce themselves when one starts, as the volume managers report.
        this.reportRequests = bus.subscribe(Destinations.REPORT_REQUESTS, Map.class, request -> heartbeat());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scoria-scheduler-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        // Volume managers and schedulers that started before us answer now instead of at their next
        // period. Off the activation thread: the broker may still be starting.
        CompletableFuture.runAsync(() -> bus.publish(Destinations.REPORT_REQUESTS, Map.of("reason", "scheduler started")))
                .exceptionally(e -> {
                    LOG.info("Could not ask backends to report at start ({}); they report within their interval",
                            e.getMessage());
                    return null;
                });
        heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, config.heartbeat_interval_seconds(), TimeUnit.SECONDS);
    }

    @Modified
    void modified(SchedulerConfig config) {
        downAfterMillis = TimeUnit.SECONDS.toMillis(config.service_down_time_seconds());
    }

    @Deactivate
    void deactivate() {
        heartbeats.shutdownNow();
        reportRequests.close();
        schedulerReports.close();
        reports.close();
    }

    /** Tells every node's scheduler, this one's included, that this one runs. */
    private void heartbeat() {
        SchedulerReport report = new SchedulerReport(node, System.currentTimeMillis());
        onSchedulerReport(report);
        try {
            bus.publish(Destinations.SCHEDULER_REPORTS, report);
        } catch (RuntimeException e) {
            // A broker that is away only delays the other nodes' news of this one.
            LOG.debug("Scheduler heartbeat not sent: {}", e.getMessage());
        }
    }

    void onSchedulerReport(SchedulerReport report) {
        // The topic also brings this node's own heartbeats back, possibly after a newer one.
        boolean first = !schedulers.containsKey(report.node());
        schedulers.merge(report.node(), report,
                (known, heard) -> heard.reportedAtMillis() >= known.reportedAtMillis() ? heard : known);
        if (first && !report.node().equals(node)) {
            LOG.info("Scheduler on node {} heard from", report.node());
        }
    }

    void onReport(BackendReport report) {
        long now = System.currentTimeMillis();
        synchronized (this) {
            Tracked previous = backends.get(report.backendHost());
            Map<String, Heard> nodes = new HashMap<>(previous == null ? Map.of() : previous.nodes());
            Heard before = nodes.put(report.node(), new Heard(report, now));
            Heard basis = capacityBasis(nodes, now);
            // Placements recorded before the report was made are in its allocated capacity, and so are
            // those recorded after it that it names (written before its read, recorded after its moment).
            BackendReport counting = basis.report();
            List<Placement> since = previous == null ? List.of() : previous.placements().stream()
                    .filter(placement -> placement.recordedAtMillis() >= counting.reportedAtMillis()
                            && !counting.placedVolumeIds().contains(placement.volumeId()))
                    .toList();
            backends.put(report.backendHost(), new Tracked(counting, basis.receivedAtMillis(), since,
                    previous != null && previous.report() == counting ? previous.capabilities()
                            : Tracked.capabilities(counting), Map.copyOf(nodes)));
            if (before == null || !before.report().state().equals(report.state())) {
                LOG.info("Backend {} on node {} ({} driver {} {}) is {}{}", report.backendHost(), report.node(),
                        report.driverName(), report.driverBundle(), report.driverBundleVersion(), report.state(),
                        report.stateReason() == null ? "" : ": " + report.stateReason());
            }
        }
        firstReport.countDown();
    }

    /** What capacity is read from: the newest report of a node that is up, else the newest report. */
    private Heard capacityBasis(Map<String, Heard> nodes, long now) {
        Comparator<Heard> newest = Comparator.comparingLong(heard -> heard.report().reportedAtMillis());
        return nodes.values().stream()
                .filter(heard -> BackendReport.UP.equals(heard.state(now, downAfterMillis)))
                .max(newest)
                .orElseGet(() -> nodes.values().stream().max(newest).orElseThrow());
    }

    boolean hasReports() {
        return firstReport.getCount() == 0;
    }

    @Override
    public List<BackendState> backends() {
        long now = System.currentTimeMillis();
        List<BackendState> states = new ArrayList<>();
        for (Tracked tracked : backends.values()) {
            states.add(tracked.state(now, downAfterMillis));
        }
        states.sort(Comparator.comparing(BackendState::backendHost));
        return states;
    }

    @Override
    public List<BackendNodeState> backendNodes() {
        long now = System.currentTimeMillis();
        List<BackendNodeState> states = new ArrayList<>();
        for (Tracked tracked : backends.values()) {
            for (Heard heard : tracked.nodes().values()) {
                BackendReport report = heard.report();
                states.add(new BackendNodeState(report.backendHost(), report.node(), report.driverBundle(),
                        report.driverBundleVersion(), heard.state(now, downAfterMillis),
                        heard.stateReason(now, downAfterMillis), report.reportedAtMillis()));
            }
        }
        states.sort(Comparator.comparing(BackendNodeState::backendHost).thenComparing(BackendNodeState::node));
        return states;
    }

    @Override
    public List<SchedulerNodeState> schedulers() {
        long now = System.currentTimeMillis();
        return schedulers.values().stream()
                .map(report -> new SchedulerNodeState(report.node(), now - report.reportedAtMillis() <= downAfterMillis,
                        report.reportedAtMillis()))
                .sorted(Comparator.comparing(SchedulerNodeState::node))
                .toList();
    }

    /**
     * Chooses a backend and counts the volume against it, atomically with respect to other
     * placements, until {@link #recorded} or {@link #release} says what became of it.
     */
    synchronized BackendSelector.Decision place(BackendSelector selector, SchedulingRequest request,
            Set<String> disabledHosts) {
        BackendSelector.Decision decision = selector.select(backends(), request, disabledHosts);
        decision.backend().ifPresent(backend -> backends.computeIfPresent(backend.backendHost(),
                (host, tracked) -> tracked.with(new Placement(request.volumeId(), request.sizeGb(), Long.MAX_VALUE))));
        return decision;
    }

    /** The placement is in the database now: the next report made after this moment counts it. */
    synchronized void recorded(String backendHost, String volumeId) {
        long now = System.currentTimeMillis();
        backends.computeIfPresent(backendHost, (host, tracked) -> tracked.replace(volumeId,
                placement -> new Placement(volumeId, placement.sizeGb(), now)));
    }

    /** Gives back a placement that did not happen. */
    synchronized void release(String backendHost, String volumeId) {
        backends.computeIfPresent(backendHost, (host, tracked) -> tracked.replace(volumeId, placement -> null));
    }

    /** Cinder's capability: how many volumes the backend holds (those being created included). */
    static final String TOTAL_VOLUMES = "total_volumes";

    /**
     * A volume placed by this scheduler since the backend's last report.
     *
     * @param recordedAtMillis when its host was written to the database; {@code Long.MAX_VALUE} until then
     */
    record Placement(String volumeId, int sizeGb, long recordedAtMillis) {
    }

    /** One node's last report on a backend, and when it arrived. */
    record Heard(BackendReport report, long receivedAtMillis) {

        /** The report's state, or down once reports from the node stopped for the down time. */
        String state(long now, long downAfterMillis) {
            return silent(now, downAfterMillis) ? BackendReport.DOWN : report.state();
        }

        String stateReason(long now, long downAfterMillis) {
            return silent(now, downAfterMillis) ? "no report for " + (now - receivedAtMillis) / 1000 + " s"
                    : report.stateReason();
        }

        private boolean silent(long now, long downAfterMillis) {
            return !BackendReport.DOWN.equals(report.state()) && now - receivedAtMillis > downAfterMillis;
        }
    }

    /**
     * The report capacity is read from, when it arrived, what this scheduler has placed on the
     * backend that it does not count, and every node's last report.
     *
     * @param capabilities what the report says the backend can do, built once per report
     */
    record Tracked(BackendReport report, long receivedAtMillis, List<Placement> placements,
            Map<String, Object> capabilities, Map<String, Heard> nodes) {

        /** A backend only one node has reported on. */
        Tracked(BackendReport report, long receivedAtMillis, List<Placement> placements) {
            this(report, receivedAtMillis, placements, capabilities(report),
                    Map.of(report.node(), new Heard(report, receivedAtMillis)));
        }

        Tracked with(Placement placement) {
            List<Placement> more = new ArrayList<>(placements);
            more.add(placement);
            return new Tracked(report, receivedAtMillis, more, capabilities, nodes);
        }

        /** With the volume's placement replaced by what {@code change} makes of it ({@code null}: removed). */
        Tracked replace(String volumeId, UnaryOperator<Placement> change) {
            List<Placement> changed = new ArrayList<>();
            for (Placement placement : placements) {
                Placement next = placement.volumeId().equals(volumeId) ? change.apply(placement) : placement;
                if (next != null) {
                    changed.add(next);
                }
            }
            return new Tracked(report, receivedAtMillis, changed, capabilities, nodes);
        }

        /** The backend as its best node has it: up on one node is up. */
        BackendState state(long now, long downAfterMillis) {
            Heard best = nodes.values().stream()
                    .min(Comparator.comparingInt((Heard heard) -> rank(heard.state(now, downAfterMillis)))
                            .thenComparing(Comparator.comparingLong(Heard::receivedAtMillis).reversed())
                            // Reports heard in the same millisecond: the same node every time.
                            .thenComparing(heard -> heard.report().node()))
                    .orElseThrow();
            String state = best.state(now, downAfterMillis);
            String reason = best.stateReason(now, downAfterMillis);
            // Volumes placed but not yet made by the driver: in the database's allocation, not in its stats.
            double inFlight = Math.max(0, report.allocatedCapacityGb() - report.provisionedCapacityGb());
            int placed = placements.stream().mapToInt(Placement::sizeGb).sum();
            // A placement on a thin backend allocates nothing yet: it counts against provisioned
            // capacity (the over-subscription check), not physical free space. Cinder subtracts it
            // from free space either way, which makes a thin backend look full after a burst.
            double free = report.thinProvisioning() ? report.freeCapacityGb()
                    : report.freeCapacityGb() - inFlight - placed;
            return new BackendState(report.backendHost(), report.backendName(), report.availabilityZone(),
                    report.driverName(), report.driverBundle(), report.driverBundleVersion(), state, reason,
                    report.reportedAtMillis(), report.totalCapacityGb(), free,
                    report.provisionedCapacityGb() + inFlight + placed, report.thinProvisioning(),
                    report.reservedPercentage(), report.maxOverSubscriptionRatio(), withPlacedVolumes());
        }

        private static int rank(String state) {
            return BackendReport.UP.equals(state) ? 0 : BackendReport.PAUSED.equals(state) ? 1 : 2;
        }

        /** The reported {@code total_volumes} counts the volumes placed since, as capacities do. */
        private Map<String, Object> withPlacedVolumes() {
            if (placements.isEmpty() || !(capabilities.get(TOTAL_VOLUMES) instanceof Number reported)) {
                return capabilities;
            }
            Map<String, Object> counted = new HashMap<>(capabilities);
            counted.put(TOTAL_VOLUMES, reported.longValue() + placements.size());
            return Map.copyOf(counted);
        }

        /**
         * What extra specs are matched against: the driver's own capabilities and Cinder's
         * standard ones, which the report carries as fields.
         */
        static Map<String, Object> capabilities(BackendReport report) {
            Map<String, Object> capabilities = new HashMap<>();
            capabilities.put("volume_backend_name", report.backendName());
            capabilities.put("storage_protocol", report.storageProtocol());
            capabilities.put("vendor_name", report.vendorName());
            capabilities.put("driver_version", report.driverVersion());
            capabilities.put("thin_provisioning_support", report.thinProvisioning());
            capabilities.put("thick_provisioning_support", !report.thinProvisioning());
            capabilities.put("total_capacity_gb", report.totalCapacityGb());
            capabilities.put("free_capacity_gb", report.freeCapacityGb());
            capabilities.put("reserved_percentage", report.reservedPercentage());
            capabilities.put("max_over_subscription_ratio", report.maxOverSubscriptionRatio());
            capabilities.values().removeIf(Objects::isNull);
            capabilities.putAll(report.capabilities());
            return Map.copyOf(capabilities);
        }
    }
}
