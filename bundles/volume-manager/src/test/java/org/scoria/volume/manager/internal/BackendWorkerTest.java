package org.scoria.volume.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.scoria.guard.internal.GuardedVendorCalls;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.Subscription;
import org.scoria.persistence.PoolAllocation;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;

/**
 * A driver that hangs is contained. The hang is a test double: a backend that stops answering
 * (an NFS server gone under a hard mount, a storage array's API that never replies) cannot be
 * caused for real on this machine.
 */
public class BackendWorkerTest {

    private final GuardedVendorCalls guard = new GuardedVendorCalls();
    private final CountDownLatch never = new CountDownLatch(1);
    private final AtomicInteger statsCalls = new AtomicInteger();

    @After
    public void release() {
        never.countDown();
        guard.deactivate();
    }

    @Test
    public void aDriverThatHangsInItsStatsIsReportedDownWithinTheStatsTimeout() throws Exception {
        BackendWorker worker = new BackendWorker("hung", "node@hung", "node", allocationsOnly(), null, null, guard,
                new BackendTimes(60_000, 300, 60_000, 1_000), NoImages.transfers(), () -> { });
        worker.attach(new DriverBinding(new HungDriver(), "hung", "nova", 1, "vendor-driver", "1.0.0",
                Map.of()));

        long began = System.nanoTime();
        BackendReport report = worker.reporter().report();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        assertEquals(BackendReport.DOWN, report.state());
        assertTrue(report.stateReason(), report.stateReason().contains("did not report its stats within 300 ms"));
        assertTrue("the report waited " + tookMillis + " ms", tookMillis < 2_000);

        // The hung call still holds its thread: the next report does not ask again, and says so at once.
        began = System.nanoTime();
        BackendReport next = worker.reporter().report();
        assertEquals(BackendReport.DOWN, next.state());
        assertTrue(next.stateReason(), next.stateReason().contains("has not returned from the stats call"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) < 200);
        assertEquals("one stats call for two reports", 1, statsCalls.get());
    }

    /**
     * A driver leaving while a request it took still runs (its call hangs): its unbind, on SCR's
     * thread, returns after the leave wait, and the driver is out of service then; a driver that
     * arrives meanwhile resumes the queue only once the pause has ended. The route here stands in
     * for the broker's, whose stop waits for the request in hand (DriverLifecycleIT stops a driver
     * whose call hangs on the real one).
     */
    @Test
    public void aLeavingDriverWhoseRequestHangsHoldsItsUnbindOnlyForTheLeaveWait() throws Exception {
        BackendWorker worker = new BackendWorker("busy", "node@busy", "node", allocationsOnly(), null, null, guard,
                new BackendTimes(60_000, 300, 60_000, 200), NoImages.transfers(), () -> { });
        List<String> queue = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch requestEnds = new CountDownLatch(1);
        worker.start(new Route(queue, "commands", requestEnds), new Route(queue, "calls", new CountDownLatch(0)));
        VolumeDriver leaving = new HungDriver();
        worker.attach(new DriverBinding(leaving, "hung", "nova", 1, "vendor-driver", "1.0.0", Map.of()));

        long began = System.nanoTime();
        worker.detach(leaving, null);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue("the unbind waited " + tookMillis + " ms", tookMillis >= 200 && tookMillis < 2_000);
        assertFalse("the leaving driver serves no more", worker.isServed());
        assertEquals("the calls stop, then the commands", List.of("calls pause", "commands pause"), List.copyOf(queue));

        worker.attach(new DriverBinding(new HungDriver(), "hung", "nova", 2, "vendor-driver", "1.0.1", Map.of()));
        assertTrue(worker.isServed());
        Thread.sleep(200);
        assertEquals("the new driver's resume waits for the pause", 2, queue.size());
        requestEnds.countDown();
        awaitQueue(queue, List.of("calls pause", "commands pause", "commands paused", "commands resume",
                "calls resume"));
        worker.close();
    }

    private static void awaitQueue(List<String> queue, List<String> expected) throws InterruptedException {
        awaitQueue(queue, expected.size());
        assertEquals(expected, List.copyOf(queue));
    }

    private static void awaitQueue(List<String> queue, int entries) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queue.size() < entries && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(queue.toString(), entries, queue.size());
    }

    /** A route whose pause waits until its request in hand ends; pausing or resuming twice does nothing, as on the broker. */
    private static final class Route implements Subscription {
        private final List<String> queue;
        private final String name;
        private final CountDownLatch requestEnds;
        private boolean paused;

        Route(List<String> queue, String name, CountDownLatch requestEnds) {
            this.queue = queue;
            this.name = name;
            this.requestEnds = requestEnds;
        }

        @Override
        public synchronized void pause() {
            if (paused) {
                return;
            }
            queue.add(name + " pause");
            try {
                if (requestEnds.getCount() > 0) {
                    requestEnds.await();
                    queue.add(name + " paused");
                }
                paused = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized void resume() {
            if (paused) {
                queue.add(name + " resume");
                paused = false;
            }
        }

        @Override
        public synchronized boolean isPaused() {
            return paused;
        }

        @Override
        public void close() {
        }
    }

    @Test
    public void aChangeDuringAReportAsksForAnotherAfterIt() {
        BackendWorker worker = new BackendWorker("slow", "node@slow", "node", allocationsOnly(), null, null, guard,
                new BackendTimes(60_000, 300, 60_000, 1_000), NoImages.transfers(), () -> { });
        assertTrue(worker.reporter().startReport());
        assertFalse("a report still being made is not started twice", worker.reporter().startReport());
        worker.reporter().reportAgain();
        assertTrue("the change came after the report had read the state: one more", worker.reporter().reportDone());
        assertTrue(worker.reporter().startReport());
        assertFalse("nothing changed meanwhile", worker.reporter().reportDone());
    }

    /**
     * A volume placed and made by the driver while a report is being made is counted by the
     * scheduler until the report counts it. The report reads the driver's stats before the
     * database, so that a volume in the stats is in the read too: the other order counted it twice.
     */
    @Test
    public void aReportReadsTheDatabaseAfterTheDriversStats() throws Exception {
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        VolumeStore store = (VolumeStore) Proxy.newProxyInstance(VolumeStore.class.getClassLoader(),
                new Class<?>[] {VolumeStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("allocationOnHost")) {
                        reads.add("database");
                        return new PoolAllocation(1, 3, Set.of("placed-meanwhile"));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        BackendWorker worker = new BackendWorker("ordered", "node@ordered", "node", store, null, null, guard,
                new BackendTimes(60_000, 5_000, 60_000, 1_000), NoImages.transfers(), () -> { });
        worker.attach(new DriverBinding(new HungDriver() {
            @Override
            public BackendStats getStats() {
                reads.add("stats");
                return new BackendStats(100, 97, 3, true, 0, 1.0, "nfs", "test", "1", Map.of());
            }
        }, "ordered", "nova", 1, "vendor-driver", "1.0.0", Map.of()));
        long before = System.currentTimeMillis();

        BackendReport report = worker.reporter().report();

        assertEquals(List.of("stats", "database"), reads);
        assertEquals(BackendReport.UP, report.state());
        assertEquals(Set.of("placed-meanwhile"), report.placedVolumeIds());
        assertTrue("the report's moment precedes the read", report.reportedAtMillis() >= before);
    }

    /** The report reads the backend's allocation from the database; nothing else is used here. */
    private static VolumeStore allocationsOnly() {
        return (VolumeStore) Proxy.newProxyInstance(VolumeStore.class.getClassLoader(), new Class<?>[] {VolumeStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("allocationOnHost")) {
                        return new PoolAllocation(0, 0, Set.of());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private class HungDriver implements VolumeDriver {

        @Override
        public String createVolume(VolumeSpec volume) throws DriverException {
            throw new DriverException("not used");
        }

        @Override
        public void deleteVolume(VolumeSpec volume) throws DriverException {
            throw new DriverException("not used");
        }

        @Override
        public BackendStats getStats() {
            statsCalls.incrementAndGet();
            // Uninterruptible, as a thread stuck in I/O on a dead server is.
            boolean released = false;
            while (!released) {
                try {
                    never.await();
                    released = true;
                } catch (InterruptedException ignored) {
                    // keeps hanging
                }
            }
            return null;
        }
    }
}
