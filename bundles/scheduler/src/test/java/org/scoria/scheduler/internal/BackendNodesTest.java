package org.scoria.scheduler.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Test;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.SchedulerReport;
import org.scoria.scheduler.BackendNodeState;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.scheduler.SchedulerNodeState;

/** Several nodes serving one backend, and the schedulers of several nodes, as the tracker sees them. */
public class BackendNodesTest {

    private static final long DOWN_AFTER = 60_000;

    private final BackendStateTracker tracker = new BackendStateTracker(new FilterSchedulerTest.IdleBus(),
            FilterSchedulerTest.node("node1"), FilterSchedulerTest.config(3));

    @After
    public void stop() {
        tracker.deactivate();
    }

    @Test
    public void aBackendIsUpWhileOneNodeServesItAndTakesItsCapacityFromThatNode() throws InterruptedException {
        tracker.onReport(report("node1", BackendReport.UP, null, 40, "1.0.0"));
        // node2's driver cannot report: its report carries no stats.
        tracker.onReport(report("node2", BackendReport.DOWN, "the driver could not report: timeout", 0, "1.1.0"));

        BackendState backend = tracker.backends().get(0);
        assertEquals(BackendReport.UP, backend.state());
        assertNull(backend.stateReason());
        assertEquals("node2's empty report does not hide node1's capacity", 40, backend.freeCapacityGb(), 0.001);

        List<BackendNodeState> nodes = tracker.backendNodes();
        assertEquals(List.of("node1", "node2"), nodes.stream().map(BackendNodeState::node).toList());
        assertEquals(BackendReport.UP, nodes.get(0).state());
        assertEquals("1.0.0", nodes.get(0).driverBundleVersion());
        assertEquals(BackendReport.DOWN, nodes.get(1).state());
        assertEquals("the driver could not report: timeout", nodes.get(1).stateReason());
        assertEquals("1.1.0", nodes.get(1).driverBundleVersion());

        Thread.sleep(5); // node1's report is the newest, not one heard in the same millisecond
        tracker.onReport(report("node1", BackendReport.DOWN, "no driver serves this backend", 0, "1.0.0"));
        assertEquals(BackendReport.DOWN, tracker.backends().get(0).state());
        assertEquals("no driver serves this backend", tracker.backends().get(0).stateReason());
    }

    @Test
    public void aNodeWhoseReportsStoppedIsDownWhileAnotherKeepsTheBackendUp() {
        BackendReport fromNode1 = report("node1", BackendReport.UP, null, 40, "1.0.0");
        BackendReport fromNode2 = report("node2", BackendReport.UP, null, 40, "1.0.0");
        BackendStateTracker.Tracked tracked = new BackendStateTracker.Tracked(fromNode2, 50_000, List.of(),
                BackendStateTracker.Tracked.capabilities(fromNode2),
                Map.of("node1", new BackendStateTracker.Heard(fromNode1, 0),
                        "node2", new BackendStateTracker.Heard(fromNode2, 50_000)));

        assertEquals(BackendReport.UP, tracked.state(100_000, DOWN_AFTER).state());
        assertEquals(BackendReport.DOWN, tracked.nodes().get("node1").state(100_000, DOWN_AFTER));
        assertEquals("no report for 100 s", tracked.nodes().get("node1").stateReason(100_000, DOWN_AFTER));

        BackendState silent = tracked.state(200_000, DOWN_AFTER);
        assertEquals(BackendReport.DOWN, silent.state());
        assertEquals("no report for 150 s", silent.stateReason());
    }

    @Test
    public void aReportWithoutANodeComesFromTheHostItServes() {
        BackendReport old = new BackendReport("alpha@a", "a", "nova", "nfs", "scoria-driver-nfs", "1.0.0",
                BackendReport.UP, null, 0, 100, 40, 60, false, 0, 1.0, "nfs", "v", "1", Map.of());
        assertEquals("alpha", old.node());
    }

    @Test
    public void schedulersOfOtherNodesAreDownOnceTheirHeartbeatsStop() throws Exception {
        long now = System.currentTimeMillis();
        tracker.onSchedulerReport(new SchedulerReport("node2", now));
        tracker.onSchedulerReport(new SchedulerReport("node3", now - DOWN_AFTER - 1_000));
        // This node's first heartbeat is sent from the tracker's own thread as it starts.
        long deadline = System.currentTimeMillis() + 5_000;
        while (tracker.schedulers().size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }

        List<SchedulerNodeState> schedulers = tracker.schedulers();
        assertEquals(List.of("node1", "node2", "node3"), schedulers.stream().map(SchedulerNodeState::node).toList());
        assertTrue(schedulers.get(0).up());
        assertTrue(schedulers.get(1).up());
        assertFalse(schedulers.get(2).up());

        // A heartbeat that the topic brings late does not take a node back in time.
        tracker.onSchedulerReport(new SchedulerReport("node2", now - DOWN_AFTER - 1_000));
        assertTrue(tracker.schedulers().get(1).up());
    }

    private static BackendReport report(String node, String state, String reason, double freeGb, String version) {
        return new BackendReport("scoria@a", "a", "nova", "nfs", "scoria-driver-nfs", version, state, reason,
                System.currentTimeMillis(), freeGb == 0 ? 0 : 100, freeGb, 0, false, 0, 1.0, "nfs", "v", "1", Map.of(),
                0, node, Set.of());
    }
}
