package org.scoria.volume.api.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * A background job's timer: the job every interval on a daemon thread of its own, the first
 * run one interval after the start. A run that throws is logged; the next run comes all the same.
 */
final class PeriodicJob implements AutoCloseable {

    private final ScheduledExecutorService timer;

    /**
     * @param what what the job does, for its log line when a run fails, e.g. "expire old reservations"
     */
    PeriodicJob(String threadName, Duration interval, String what, Logger log, Runnable job) {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long seconds = Math.max(1, interval.toSeconds());
        timer.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("Could not {}; trying again in {} s: {}", what, seconds, e.getMessage());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
