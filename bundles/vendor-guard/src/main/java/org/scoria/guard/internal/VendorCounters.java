package org.scoria.guard.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.scoria.guard.VendorCallFigures;
import org.scoria.guard.internal.GuardedVendorCalls.Vendor;

/** One vendor bundle's running figures. */
final class VendorCounters {

    private final Vendor vendor;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder running = new LongAdder();
    private final LongAdder overdue = new LongAdder();
    private final LongAdder totalMillis = new LongAdder();
    private final AtomicLong longestMillis = new AtomicLong();

    VendorCounters(Vendor vendor) {
        this.vendor = vendor;
    }

    void started() {
        calls.increment();
        running.increment();
    }

    void ended(long millis, boolean failed) {
        running.decrement();
        if (failed) {
            failures.increment();
        }
        totalMillis.add(millis);
        longestMillis.accumulateAndGet(millis, Math::max);
    }

    void overdueStarted() {
        timeouts.increment();
        overdue.increment();
    }

    void overdueEnded() {
        overdue.decrement();
    }

    VendorCallFigures figures() {
        return new VendorCallFigures(vendor.bundle(), vendor.version(), calls.sum(), failures.sum(), timeouts.sum(),
                running.sum(), overdue.sum(), totalMillis.sum(), longestMillis.get());
    }
}
