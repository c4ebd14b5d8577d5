package org.scoria.guard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.scoria.guard.VendorCallException;
import org.scoria.guard.VendorCallFigures;

public class GuardedVendorCallsTest {

    /** Stands for a vendor's object: outside OSGi the guard names it by its class. */
    private static final class Vendor {
    }

    private final GuardedVendorCalls guard = new GuardedVendorCalls();
    private final Vendor vendor = new Vendor();
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void stop() {
        release.countDown();
        guard.deactivate();
    }

    @Test
    public void returnsWhatTheVendorReturnsAndCountsTheCall() throws Exception {
        assertEquals("done", guard.call(vendor, "answer", Duration.ofSeconds(5), () -> "done"));

        VendorCallFigures figures = guard.figures().get(0);
        assertEquals(Vendor.class.getName(), figures.bundle());
        assertEquals(1, figures.calls());
        assertEquals(0, figures.failures());
        assertEquals(0, figures.running());
    }

    @Test
    public void whatTheVendorThrowsIsTheCauseAndTheMessageNamesIt() {
        IOException thrown = new IOException("disk on fire");
        try {
            guard.call(vendor, "write a chunk", Duration.ofSeconds(5), () -> {
                throw thrown;
            });
            fail("the vendor's failure was swallowed");
        } catch (VendorCallException e) {
            assertSame(thrown, e.getCause());
            assertFalse(e.timedOut());
            assertEquals(Vendor.class.getName() + " 0.0.0 failed to write a chunk: java.io.IOException: disk on fire",
                    e.getMessage());
        }
        assertEquals(1, guard.figures().get(0).failures());
    }

    @Test
    public void aHungVendorIsLeftBehindAtItsLimitAndCountedOverdueUntilItReturns() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        long start = System.nanoTime();
        try {
            guard.call(vendor, "report its stats", Duration.ofMillis(200), () -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    // A vendor that ignores interruption keeps the thread until it is done.
                    release.await();
                }
                return null;
            });
            fail("a hung call returned");
        } catch (VendorCallException e) {
            assertTrue(e.timedOut());
            assertEquals(Vendor.class.getName() + " 0.0.0 did not report its stats within 200 ms", e.getMessage());
        }
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("waited " + waitedMillis + " ms", waitedMillis >= 200 && waitedMillis < 2_000);
        assertTrue("the hung thread was not interrupted", interrupted.await(5, TimeUnit.SECONDS));
        VendorCallFigures hung = guard.figures().get(0);
        assertEquals(1, hung.timeouts());
        assertEquals(1, hung.overdue());
        assertEquals(1, hung.running());

        release.countDown();
        long deadline = System.currentTimeMillis() + 5_000;
        while (guard.figures().get(0).overdue() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        VendorCallFigures returned = guard.figures().get(0);
        assertEquals(0, returned.overdue());
        assertEquals(0, returned.running());
        assertEquals(1, returned.timeouts());
    }

    @Test
    public void hungCallsDoNotHoldUpOthers() throws Exception {
        for (int i = 0; i < 20; i++) {
            try {
                guard.call(vendor, "hang " + i, Duration.ofMillis(10), this::hangDeafToInterrupts);
                fail("a hung call returned");
            } catch (VendorCallException expected) {
                assertTrue(expected.timedOut());
            }
        }
        assertEquals(20, guard.figures().get(0).overdue());
        assertEquals(42, (int) guard.call(vendor, "answer", Duration.ofSeconds(5), () -> 42));
    }

    /** A vendor blocked where interruption does not reach (native I/O, a lock): until the test ends. */
    private Object hangDeafToInterrupts() {
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // deaf, as the vendor it stands for
            }
        }
        return null;
    }

    @Test
    public void aCallerInterruptedWhileWaitingStopsWaitingAndKeepsItsInterrupt() throws Exception {
        Thread.currentThread().interrupt();
        try {
            guard.call(vendor, "hang", Duration.ofSeconds(30), () -> {
                release.await();
                return null;
            });
            fail("an interrupted caller kept waiting");
        } catch (VendorCallException e) {
            assertTrue(e.getCause() instanceof InterruptedException);
            assertTrue(Thread.interrupted());
        }
    }
}
