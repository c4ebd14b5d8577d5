package org.scoria.volume.manager.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up transfers that stall: a watched transfer that makes no progress for the time limit is
 * closed, which ends a read blocked on it with an {@link IOException}. A peer that keeps the
 * connection open and sends nothing would otherwise hold the reading thread, and with it the
 * backend's queue, for good.
 */
final class StallWatch {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

    private final ScheduledExecutorService scheduler;
    private final Duration limit;

    StallWatch(ScheduledExecutorService scheduler, Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("image.download.stall.timeout.seconds must be positive, was "
                    + limit.toSeconds());
        }
        this.scheduler = scheduler;
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }

    /** Watches {@code transfer} until the watch is closed; its reader calls {@link Watch#progressed()} as data comes. */
    Watch watch(String what, Closeable transfer) {
        return new Watch(what, transfer);
    }

    final class Watch implements AutoCloseable {
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;
        private final ScheduledFuture<?> check;

        private Watch(String what, Closeable transfer) {
            long period = Math.max(1, limit.toMillis() / 4);
            check = scheduler.scheduleWithFixedDelay(() -> {
                if (!stalled && System.nanoTime() - lastProgress > limit.toNanos()) {
                    stalled = true;
                    LOG.warn("{} received nothing for {} s: given up", what, limit.toSeconds());
                    try {
                        transfer.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Closing the stalled {}: {}", what, e.toString());
                    }
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }

        void progressed() {
            lastProgress = System.nanoTime();
        }

        /** Whether the transfer was closed because it stalled. */
        boolean stalled() {
            return stalled;
        }

        @Override
        public void close() {
            check.cancel(false);
        }
    }
}
