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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
 * it until the next report, so that a burst of creates does not all land on a backend that only
 * has room for a few (Cinder's {@code consume_from_volume}, but thin-aware).
 */
@Component(service = {BackendRegistry.class, BackendStateTracker.class}, configurationPid = "org.scoria.scheduler")
public class BackendStateTracker implements BackendRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BackendStateTracker.class);

    private final Map<String, Tracked> backends = new ConcurrentHashMap<>();
    private final CountDownLatch firstReport = new CountDownLatch(1);
    private final long downAfterMillis;
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

    @Deactivate
    void deactivate() {
        reports.close();
    }

    void onReport(BackendReport report) {
        synchronized (this) {
            Tracked previous = backends.put(report.backendHost(), new Tracked(report, System.currentTimeMillis(), 0));
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

    /** Chooses a backend and counts the volume against it, atomically with respect to other placements. */
    synchronized BackendSelector.Decision place(BackendSelector selector, SchedulingRequest request,
            Set<String> disabledHosts) {
        BackendSelector.Decision decision = selector.select(backends(), request, disabledHosts);
        decision.backend().ifPresent(backend -> adjust(backend.backendHost(), request.sizeGb()));
        return decision;
    }

    /** Gives back a placement that did not happen. */
    synchronized void release(String backendHost, int sizeGb) {
        adjust(backendHost, -sizeGb);
    }

    private void adjust(String backendHost, int sizeGb) {
        backends.computeIfPresent(backendHost,
                (host, tracked) -> new Tracked(tracked.report(), tracked.receivedAtMillis(), tracked.consumedGb() + sizeGb));
    }

    /** A report, when it arrived, and what has been placed on the backend since. */
    record Tracked(BackendReport report, long receivedAtMillis, int consumedGb) {

        BackendState state(long now, long downAfterMillis) {
            String state = report.state();
            String reason = report.stateReason();
            if (!BackendReport.DOWN.equals(state) && now - receivedAtMillis > downAfterMillis) {
                state = BackendReport.DOWN;
                reason = "no report for " + (now - receivedAtMillis) / 1000 + " s";
            }
            // A placement on a thin backend allocates nothing yet: it counts against provisioned
            // capacity (the over-subscription check), not physical free space. Cinder subtracts it
            // from free space either way, which makes a thin backend look full after a burst.
            double free = report.thinProvisioning() ? report.freeCapacityGb() : report.freeCapacityGb() - consumedGb;
            return new BackendState(report.backendHost(), report.backendName(), report.availabilityZone(),
                    report.driverName(), report.driverBundle(), report.driverBundleVersion(), state, reason,
                    report.reportedAtMillis(), report.totalCapacityGb(), free,
                    report.provisionedCapacityGb() + consumedGb, report.thinProvisioning(),
                    report.reservedPercentage(), report.maxOverSubscriptionRatio(), capabilities(report));
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
            return capabilities;
        }
    }
}
