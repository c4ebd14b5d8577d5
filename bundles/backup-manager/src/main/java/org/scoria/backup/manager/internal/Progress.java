package org.scoria.backup.manager.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a backup or restore has got: bytes done of the total, and the rate since it began.
 * Reported to its listener at most once a second, so that a fast copy does not become a stream
 * of database writes.
 */
final class Progress {

    interface Listener {
        void report(int percent, long bytesPerSecond);
    }

    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long total;
    private final Listener listener;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(started);

    Progress(long total, Listener listener) {
        this.total = total;
        this.listener = listener;
    }

    void add(long bytes) {
        long now = System.nanoTime();
        done.addAndGet(bytes);
        long last = lastReport.get();
        if (now - last >= REPORT_INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            listener.report(percent(), bytesPerSecond());
        }
    }

    int percent() {
        return total == 0 ? 100 : (int) Math.min(100, done.get() * 100 / total);
    }

    long bytesPerSecond() {
        long nanos = Math.max(1, System.nanoTime() - started);
        return (long) (done.get() * 1e9 / nanos);
    }

    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
