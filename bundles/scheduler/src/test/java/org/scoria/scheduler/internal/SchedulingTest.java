package org.scoria.scheduler.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.scoria.messaging.BackendReport;
import org.scoria.persistence.testing.ComponentConfigs;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Filters, weigher and selection with Cinder's arithmetic. */
public class SchedulingTest {

    private static final AvailabilityZoneFilter ZONES = new AvailabilityZoneFilter();
    private static final CapacityFilter CAPACITY = new CapacityFilter();

    static BackendState backend(String name, String zone, double total, double free, double provisioned,
            boolean thin, int reserved, double ratio, String state) {
        return new BackendState("node@" + name, name, zone, "nfs", "scoria-driver-nfs", "1.0.0", state, null, 0,
                total, free, provisioned, thin, reserved, ratio, Map.of());
    }

    static BackendState thick(String name, double total, double free, int reserved) {
        return backend(name, "nova", total, free, total - free, false, reserved, 1.0, BackendReport.UP);
    }

    static SchedulingRequest request(int size) {
        return new SchedulingRequest("v", size, null);
    }

    @Test
    public void thickCapacityKeepsTheReservedShareFree() {
        BackendState backend = thick("a", 100, 100, 10);
        assertTrue(CAPACITY.passes(backend, request(90)));
        assertFalse(CAPACITY.passes(backend, request(91)));
        assertFalse(CAPACITY.passes(thick("b", 100, 20, 0), request(21)));
        assertFalse("a backend that reports no capacity takes nothing", CAPACITY.passes(thick("c", 0, 0, 0), request(1)));
    }

    @Test
    public void thinCapacityHonoursTheOverSubscriptionRatio() {
        BackendState thin = backend("t", "nova", 100, 80, 150, true, 0, 2.0, BackendReport.UP);
        assertTrue("(150 + 50) / 100 = 2.0 is within the ratio", CAPACITY.passes(thin, request(50)));
        assertFalse("(150 + 51) / 100 > 2.0", CAPACITY.passes(thin, request(51)));
        BackendState reservedAway = backend("r", "nova", 100, 10, 10, true, 10, 20.0, BackendReport.UP);
        assertFalse("no free space left once the reserved share is taken off", CAPACITY.passes(reservedAway, request(1)));
        BackendState nearlyFull = backend("n", "nova", 100, 2, 10, true, 0, 20.0, BackendReport.UP);
        assertTrue("2 GiB free × 20 holds 40 GiB", CAPACITY.passes(nearlyFull, request(40)));
        assertFalse(CAPACITY.passes(nearlyFull, request(41)));
    }

    @Test
    public void zoneFilterPassesTheAskedZoneOrAnyWhenNoneIsAsked() {
        BackendState nova = thick("a", 100, 100, 0);
        assertTrue(ZONES.passes(nova, request(1)));
        assertTrue(ZONES.passes(nova, new SchedulingRequest("v", 1, "nova")));
        assertFalse(ZONES.passes(nova, new SchedulingRequest("v", 1, "elsewhere")));
    }

    @Test
    public void theWeigherPicksTheFreerBackend() {
        BackendSelector selector = selector(1.0);
        List<BackendState> backends = List.of(thick("small", 100, 30, 0), thick("big", 100, 80, 0), thick("mid", 100, 50, 0));
        assertEquals("big", selector.select(backends, request(1), Set.of()).backend().orElseThrow().backendName());
        assertEquals("a negative multiplier stacks volumes on the fullest",
                "small", selector(-1.0).select(backends, request(1), Set.of()).backend().orElseThrow().backendName());
    }

    @Test
    public void thinBackendsAreWeighedByVirtualFreeCapacity() {
        BackendState lightlyUsed = backend("light", "nova", 100, 50, 100, true, 0, 20.0, BackendReport.UP);
        BackendState heavilyUsed = backend("heavy", "nova", 100, 90, 1500, true, 0, 20.0, BackendReport.UP);
        assertEquals(1900.0, lightlyUsed.virtualFreeCapacityGb(), 0.001);
        assertEquals("light", selector(1.0).select(List.of(heavilyUsed, lightlyUsed), request(1), Set.of()).backend().orElseThrow()
                .backendName());
        BackendState reserved = backend("reserved", "nova", 100, 50, 100, true, 70, 20.0, BackendReport.UP);
        assertEquals(1830.0, reserved.virtualFreeCapacityGb(), 0.001);
    }

    @Test
    public void downBackendsAndFilteredOnesAreNamedInTheReason() {
        List<BackendState> backends = List.of(
                backend("gone", "nova", 100, 100, 0, false, 0, 1.0, BackendReport.DOWN),
                thick("full", 100, 0, 0),
                backend("away", "other", 100, 100, 0, false, 0, 1.0, BackendReport.UP));
        BackendSelector.Decision decision = selector(1.0).select(backends, new SchedulingRequest("v", 5, "nova"), Set.of());
        assertTrue(decision.backend().isEmpty());
        assertEquals("No valid backend was found for a 5 GiB volume in zone nova: 1 down, AvailabilityZoneFilter"
                + " excluded 1, CapacityFilter excluded 1 of 3 backends.", decision.reason());
        assertTrue(selector(1.0).select(List.of(), request(1), Set.of()).reason().endsWith("no backend has reported."));
    }

    @Test
    public void disabledBackendsTakeNothingNew() {
        BackendState roomy = thick("roomy", 100, 100, 0);
        BackendState small = thick("small", 100, 10, 0);
        BackendSelector.Decision decision = selector(1.0).select(List.of(roomy, small), request(1),
                Set.of(roomy.backendHost()));
        assertEquals("small", decision.backend().orElseThrow().backendName());
        BackendSelector.Decision none = selector(1.0).select(List.of(roomy), request(1), Set.of(roomy.backendHost()));
        assertTrue(none.reason(), none.reason().endsWith(": 1 disabled of 1 backends."));
    }

    @Test
    public void aRescheduledCreateSkipsTheBackendsItFailedOn() {
        BackendState roomy = thick("roomy", 100, 100, 0);
        BackendState small = thick("small", 100, 10, 0);
        SchedulingRequest retry = new SchedulingRequest("v", 1, null, Map.of(), null, Set.of(roomy.backendHost()),
                Map.of(), null, Map.of());
        RetryFilter filter = new RetryFilter();
        assertFalse(filter.passes(roomy, retry));
        assertTrue(filter.passes(small, retry));
        assertTrue(filter.passes(roomy, request(1)));
    }

    @Test
    public void pausedBackendsStillTakeVolumes() {
        BackendState paused = backend("p", "nova", 100, 100, 0, false, 0, 1.0, BackendReport.PAUSED);
        assertTrue(paused.acceptsVolumes());
        assertEquals("p", selector(1.0).select(List.of(paused), request(1), Set.of()).backend().orElseThrow().backendName());
    }

    @Test
    public void placementsCountUntilTheNextReportAndSilenceMeansDown() {
        BackendReport report = new BackendReport("node@a", "a", "nova", "nfs", "scoria-driver-nfs", "1.0.0",
                BackendReport.UP, null, 0, 100, 40, 60, false, 0, 1.0, "nfs", "v", "1", Map.of());
        BackendStateTracker.Tracked tracked = new BackendStateTracker.Tracked(report, 1_000,
                List.of(new BackendStateTracker.Placement("v", 15, Long.MAX_VALUE)));
        BackendState state = tracked.state(2_000, 60_000);
        assertEquals(25.0, state.freeCapacityGb(), 0.001);
        assertEquals(75.0, state.provisionedCapacityGb(), 0.001);
        assertEquals(BackendReport.UP, state.state());
        BackendState silent = tracked.state(62_000, 60_000);
        assertEquals(BackendReport.DOWN, silent.state());
        assertEquals("no report for 61 s", silent.stateReason());
        assertFalse(silent.acceptsVolumes());
    }

    @Test
    public void thinPlacementsCountAgainstProvisionedNotFreeSpace() {
        BackendReport thin = new BackendReport("node@t", "t", "nova", "nfs", "scoria-driver-nfs", "1.0.0",
                BackendReport.UP, null, 0, 100, 40, 60, true, 0, 2.0, "nfs", "v", "1", Map.of());
        BackendState afterBurst = new BackendStateTracker.Tracked(thin, 1_000,
                List.of(new BackendStateTracker.Placement("v", 120, 900))).state(2_000, 60_000);
        assertEquals("sparse volumes allocate nothing yet", 40.0, afterBurst.freeCapacityGb(), 0.001);
        assertEquals(180.0, afterBurst.provisionedCapacityGb(), 0.001);
        assertTrue("(180 + 20) / 100 = 2.0 still fits", CAPACITY.passes(afterBurst, request(20)));
        assertFalse("but over-subscription is still enforced", CAPACITY.passes(afterBurst, request(21)));
    }

    @Test
    public void aReportCountsThePlacementsRecordedBeforeItAndVolumesStillBeingCreated() {
        BackendStateTracker tracker = new BackendStateTracker(new FilterSchedulerTest.IdleBus(),
                FilterSchedulerTest.node("node"), FilterSchedulerTest.config(3));
        tracker.onReport(thickReport(1_000, 0, 0));
        BackendSelector selector = new BackendSelector(List.of(), List.of());
        tracker.place(selector, new SchedulingRequest("early", 10, null), Set.of());
        tracker.recorded("node@a", "early");
        long afterEarly = System.currentTimeMillis();
        tracker.place(selector, new SchedulingRequest("pending", 5, null), Set.of());
        tracker.place(selector, new SchedulingRequest("lost", 7, null), Set.of());
        tracker.release("node@a", "lost");
        assertEquals(100 - 15, tracker.backends().get(0).freeCapacityGb(), 0.001);

        // The volume manager made its report after "early" was written and before "pending" was:
        // its allocation has early (not yet on the backend, so 10 GiB in flight), not pending.
        tracker.onReport(thickReport(afterEarly + 1, 10, 0));
        BackendState state = tracker.backends().get(0);
        assertEquals("10 in flight, 5 still counted by the scheduler", 100 - 15, state.freeCapacityGb(), 0.001);
        assertEquals(15, state.provisionedCapacityGb(), 0.001);

        tracker.recorded("node@a", "pending");
        // Both made by the driver now: its stats count them, nothing is in flight or counted twice.
        tracker.onReport(thickReport(System.currentTimeMillis() + 1, 15, 15));
        assertEquals(100 - 15, tracker.backends().get(0).freeCapacityGb(), 0.001);
    }

    @Test
    public void aPlacementWrittenBeforeTheReportReadTheDatabaseButRecordedAfterItsMomentIsCountedOnce() {
        BackendStateTracker tracker = new BackendStateTracker(new FilterSchedulerTest.IdleBus(),
                FilterSchedulerTest.node("node"), FilterSchedulerTest.config(3));
        tracker.onReport(thickReport(1_000, 0, 0));
        BackendSelector selector = new BackendSelector(List.of(), List.of());
        tracker.place(selector, new SchedulingRequest("raced", 60, null), Set.of());
        tracker.place(selector, new SchedulingRequest("unwritten", 30, null), Set.of());
        // The report's moment comes first; "raced" is committed, then read by the report, and only
        // then recorded by the scheduler, whose clock is now past the report's moment.
        long reportMoment = System.currentTimeMillis() - 1;
        tracker.recorded("node@a", "raced");
        // A report that names no placement (a volume manager before 2.0) leaves the scheduler counting
        // it on top of the report's allocation: a placement refused until the next report.
        tracker.onReport(thickReport(reportMoment, 60, 0));
        assertEquals(100 - 60 - 60 - 30, tracker.backends().get(0).freeCapacityGb(), 0.001);
        assertFalse(CAPACITY.passes(tracker.backends().get(0), request(10)));

        tracker.onReport(thickReport(reportMoment, 60, 0, Set.of("raced")));
        BackendState state = tracker.backends().get(0);
        assertEquals("raced in flight once, unwritten still counted", 100 - 60 - 30, state.freeCapacityGb(), 0.001);
        assertTrue("the 10 GiB left take a 10 GiB volume", CAPACITY.passes(state, request(10)));
    }

    /** A thick 100 GiB backend whose driver has made {@code madeGb} of the {@code allocatedGb} placed on it. */
    private static BackendReport thickReport(long reportedAt, double allocatedGb, double madeGb) {
        return thickReport(reportedAt, allocatedGb, madeGb, Set.of());
    }

    private static BackendReport thickReport(long reportedAt, double allocatedGb, double madeGb, Set<String> named) {
        return new BackendReport("node@a", "a", "nova", "nfs", "scoria-driver-nfs", "1.0.0", BackendReport.UP, null,
                reportedAt, 100, 100 - madeGb, madeGb, false, 0, 1.0, "nfs", "v", "1", Map.of(), allocatedGb, "node",
                named);
    }

    @Test
    public void configuredNamesAreSplitOnCommas() {
        assertEquals(List.of("AvailabilityZoneFilter", "CapacityFilter"),
                FilterScheduler.names(new String[] {"AvailabilityZoneFilter, CapacityFilter"}));
        assertEquals(List.of("A", "B", "C"), FilterScheduler.names(new String[] {"A", "B,C", " "}));
    }

    private static BackendSelector selector(double multiplier) {
        CapacityWeigher weigher = new CapacityWeigher(ComponentConfigs.of(CapacityWeigher.Config.class, Map.of("multiplier", multiplier)));
        List<Map.Entry<String, BackendFilter>> filters = List.of(Map.entry("AvailabilityZoneFilter", ZONES),
                Map.entry("CapacityFilter", CAPACITY));
        return new BackendSelector(filters, List.of(weigher));
    }
}
