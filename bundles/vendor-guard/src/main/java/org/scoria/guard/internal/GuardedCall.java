package org.scoria.guard.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.scoria.guard.internal.GuardedVendorCalls.Vendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call on a guard thread. Whichever comes first — the call returning or its caller giving up —
 * decides whether it was on time; a call that returns after its caller gave up says so in the log
 * and stops counting as overdue.
 */
final class GuardedCall<T> implements Callable<T> {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedCall.class);
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int OVERDUE = 2;

    private final Vendor vendor;
    private final String what;
    private final Duration timeout;
    private final Callable<T> call;
    private final VendorCounters figures;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile String threadName = "not started";

    GuardedCall(Vendor vendor, String what, Duration timeout, Callable<T> call, VendorCounters figures) {
        this.vendor = vendor;
        this.what = what;
        this.timeout = timeout;
        this.call = call;
        this.figures = figures;
    }

    @Override
    public T call() throws Exception {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        // A thread dump names who holds the thread and what it was asked.
        threadName = poolName + " " + vendor.bundle() + ": " + what;
        thread.setName(threadName);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = call.call();
            failed = false;
            return result;
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            thread.setName(poolName);
            if (!state.compareAndSet(RUNNING, DONE)) {
                figures.overdueEnded();
                LOG.info("Vendor bundle {} returned from the call to {} after {} ms, {} ms past its limit of {}", vendor,
                        what, millis, millis - timeout.toMillis(), GuardedVendorCalls.text(timeout));
            }
            figures.ended(millis, failed);
        }
    }

    /** The caller gave up; {@code false} when the call had returned already. */
    boolean markOverdue() {
        if (state.compareAndSet(RUNNING, OVERDUE)) {
            figures.overdueStarted();
            return true;
        }
        return false;
    }

    String threadName() {
        return threadName;
    }
}
