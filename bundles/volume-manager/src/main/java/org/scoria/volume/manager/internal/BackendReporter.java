package org.scoria.volume.manager.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.scoria.messaging.BackendReport;
import org.scoria.persistence.PoolAllocation;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;

/**
 * What a backend tells the schedulers: its driver's stats, its allocation from the database, and
 * whether it is up, paused (its driver away for an update) or down, with why. A driver that hangs
 * in its stats is reported down within the stats timeout and not asked again until it returns.
 */
final class BackendReporter {

    /**
     * How far before the report the placements it names go back. A placement the scheduler
     * recorded after the report's moment was written a little earlier, by its transaction; one
     * whose transaction took longer (or whose node's clock is this far behind) is only counted
     * twice until the next report: a placement refused, never a backend overfilled.
     */
    private static final long PLACEMENTS_NAMED_MILLIS = 10_000;

    /**
     * Who serves the backend as a report sees it.
     *
     * @param current           the driver serving it, or {@code null}
     * @param last              the last driver that served it (or failed to start), for the report's names
     * @param absentSinceMillis when the driver left
     * @param goneReason        why the driver is known not to come back soon, or {@code null}
     */
    record Presence(DriverBinding current, DriverBinding last, long absentSinceMillis, String goneReason) {
    }

    private final String backendName;
    private final String backendHost;
    private final String node;
    private final VolumeStore store;
    private final DriverCaller caller;
    private final Supplier<Presence> presences;
    private final long statsTimeoutMillis;
    private final long absenceGraceMillis;
    private final AtomicBoolean reporting = new AtomicBoolean();
    private final AtomicBoolean reportAgain = new AtomicBoolean();
    /** When the stats call still running started, or 0. */
    private final AtomicLong statsRunningSince = new AtomicLong();
    private volatile BackendStats lastStats;

    BackendReporter(String backendName, String backendHost, String node, VolumeStore store, DriverCaller caller,
            Supplier<Presence> presences, long statsTimeoutMillis, long absenceGraceMillis) {
        this.backendName = backendName;
        this.backendHost = backendHost;
        this.node = node;
        this.store = store;
        this.caller = caller;
        this.presences = presences;
        this.statsTimeoutMillis = statsTimeoutMillis;
        this.absenceGraceMillis = absenceGraceMillis;
    }

    /** Claims the next report; {@code false} while the last one is still being made (a slow or hung driver). */
    boolean startReport() {
        return reporting.compareAndSet(false, true);
    }

    /** Asks for one more report after the one being made. */
    void reportAgain() {
        reportAgain.set(true);
    }

    /** Ends a report; whether another was asked for meanwhile. */
    boolean reportDone() {
        reporting.set(false);
        return reportAgain.getAndSet(false);
    }

    /** The backend's report now: fresh stats from its driver, or the last known with why it is not up. */
    BackendReport report() {
        Presence presence = presences.get();
        DriverBinding current = presence.current();
        DriverBinding known = current != null ? current : presence.last();
        String state;
        String reason = null;
        long statsCallSince = statsRunningSince.get();
        if (current != null && statsCallSince != 0) {
            // A hung stats call keeps its thread; asking again would only add another.
            state = BackendReport.DOWN;
            reason = "the driver has not returned from the stats call it got "
                    + (System.currentTimeMillis() - statsCallSince) / 1000 + " s ago";
        } else if (current != null) {
            try {
                lastStats = caller.call(current, "report its stats", statsTimeoutMillis, () -> {
                    statsRunningSince.set(System.currentTimeMillis());
                    try {
                        return current.driver().getStats();
                    } finally {
                        statsRunningSince.set(0);
                    }
                });
                state = BackendReport.UP;
            } catch (DriverException e) {
                state = BackendReport.DOWN;
                reason = "the driver could not report: " + e.getMessage();
            }
        } else if (presence.goneReason() != null) {
            state = BackendReport.DOWN;
            reason = presence.goneReason() + "; requests wait in the queue";
        } else if (System.currentTimeMillis() - presence.absentSinceMillis() < absenceGraceMillis) {
            state = BackendReport.PAUSED;
            reason = "driver absent since " + (System.currentTimeMillis() - presence.absentSinceMillis()) / 1000
                    + " s (being updated?); requests wait in the queue";
        } else {
            state = BackendReport.DOWN;
            reason = "no driver serves this backend; requests wait in the queue";
        }
        BackendStats stats = lastStats;
        // The driver's stats first, then the database: every volume the stats count had its host written
        // before, so the read counts (or names) it too, and the scheduler stops counting it. Read the other
        // way round, a volume placed and created in between was in the stats and still counted by the
        // scheduler: twice, until the next report.
        // Taken before the database is read: the scheduler forgets its own placements made before it,
        // and those made after it that the read names.
        long reportedAt = System.currentTimeMillis();
        // No report rather than one that misleads: a failed read would make the scheduler forget its placements.
        PoolAllocation allocation = store.allocationOnHost(backendHost + "#" + backendName,
                Instant.ofEpochMilli(reportedAt - PLACEMENTS_NAMED_MILLIS));
        return new BackendReport(backendHost, backendName, known.availabilityZone(), known.driverName(), known.bundle(),
                known.bundleVersion(), state, reason, reportedAt,
                stats == null ? 0 : stats.totalCapacityGb(), stats == null ? 0 : stats.freeCapacityGb(),
                stats == null ? 0 : stats.provisionedCapacityGb(), stats != null && stats.thinProvisioning(),
                stats == null ? 0 : stats.reservedPercentage(), stats == null ? 1.0 : stats.maxOverSubscriptionRatio(),
                stats == null ? null : stats.storageProtocol(), stats == null ? null : stats.vendorName(),
                stats == null ? null : stats.driverVersion(), capabilities(stats, known, allocation.volumes()),
                allocation.allocatedGb(), node, allocation.recentlyPlaced());
    }

    /** The driver's capabilities, the operator's, and Cinder's {@code total_volumes} from the database. */
    private static Map<String, Object> capabilities(BackendStats stats, DriverBinding binding, long volumes) {
        Map<String, Object> capabilities = new HashMap<>(stats == null ? Map.of() : stats.capabilities());
        capabilities.putAll(binding.configuredCapabilities());
        capabilities.put("total_volumes", volumes);
        return capabilities;
    }
}
