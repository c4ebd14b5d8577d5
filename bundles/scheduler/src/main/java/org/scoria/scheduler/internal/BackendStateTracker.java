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
import org.scoria.messaging.Subscription;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.scheduler.BackendState;
import org.scoria.scheduler.SchedulingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest report of every backend and counts the scheduler's own placements against
 * it until a report counts them, so that a burst of creates does not all land on a backend that
 * only has room for a few (Cinder's {@code consume_from_volume}, but thin-aware). A report counts
 * the placements its volume manager found in the database when it made it, volumes still being
 * created included; the scheduler keeps counting only those it recorded after that moment.
 */
@Component(service = {BackendRegistry.class, BackendStateTracker.class}, configurationPid = "org.scoria.scheduler")
public class BackendStateTracker implements BackendRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BackendStateTracker.class);

    private final Map<String, Tracked> backends = new ConcurrentHashMap<>();
    private final CountDownLatch firstReport = new CountDownLatch(1);
    private volatile long downAfterMillis;
    private final Subscription reports;

    @Activate
    public BackendStateTracker(@Reference CommandBus bus, SchedulerConfig config) {
        this.downAfterMillis = TimeUnit.SECONDS.toMillis(config.service_down_time_seconds());
        this.reports = bus.subscribe(Destinations.BACKEND_REPORTS, BackendReport.class, this::onReport);
        // Volume managers that started before us answer now instead of at their next period. Off the
        // activation thread: the broker may still be starting.
        CompletableFuture.runAsync(() -> bus.publish(Destinations.REPORT_REQUESTS, Map.of("reason", "scheduler started")))
                .exceptionally(e -> {
                    LOG.info("Could not ask backends to report at start ({}); they report within their interval",
                            e.getMessage());
                    return null;
                });
    }

    @Modified
    void modified(SchedulerConfig config) {
        downAfterMillis = TimeUnit.SECONDS.toMillis(config.service_down_time_seconds());
    }

    @Deactivate
    void deactivate() {
        reports.close();
    }

    void onReport(BackendReport report) {
        synchronized (this) {
            Tracked previous = backends.get(report.backendHost());
            // Placements recorded in the database before the report read it are in its allocated capacity.
            List<Placement> since = previous == null ? List.of() : previous.placements().stream()
                    .filter(placement -> placement.recordedAtMillis() >= report.reportedAtMillis()).toList();
            backends.put(report.backendHost(), new Tracked(report, System.currentTimeMillis(), since));
            if (previous == null || !previous.report().state().equals(report.state())) {
                LOG.info("Backend {} ({} driver {} {}) is {}{}", report.backendHost(), report.driverName(),
                        report.driverBundle(), report.driverBundleVersion(), report.state(),
                        report.stateReason() == null ? "" : ": " + report.stateReason());
            }
        }
        firstReport.countDown();
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

    /**
     * A volume placed by this scheduler since the backend's last report.
     *
     * @param recordedAtMillis when its host was written to the database; {@code Long.MAX_VALUE} until then
     */
    /** Cinder's capability: how many volumes the backend holds (those being created included). */
    static final String TOTAL_VOLUMES = "total_volumes";

    record Placement(String volumeId, int sizeGb, long recordedAtMillis) {
    }

    /**
     * A report, when it arrived, and what this scheduler has placed on the backend that it does
     * not count.
     *
     * @param capabilities what the report says the backend can do, built once per report
     */
    record Tracked(BackendReport report, long receivedAtMillis, List<Placement> placements,
            Map<String, Object> capabilities) {

        Tracked(BackendReport report, long receivedAtMillis, List<Placement> placements) {
            this(report, receivedAtMillis, placements, capabilities(report));
        }

        Tracked with(Placement placement) {
            List<Placement> more = new ArrayList<>(placements);
            more.add(placement);
            return new Tracked(report, receivedAtMillis, more, capabilities);
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
            return new Tracked(report, receivedAtMillis, changed, capabilities);
        }

        BackendState state(long now, long downAfterMillis) {
            String state = report.state();
            String reason = report.stateReason();
            if (!BackendReport.DOWN.equals(state) && now - receivedAtMillis > downAfterMillis) {
                state = BackendReport.DOWN;
                reason = "no report for " + (now - receivedAtMillis) / 1000 + " s";
            }
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
        private static Map<String, Object> capabilities(BackendReport report) {
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
