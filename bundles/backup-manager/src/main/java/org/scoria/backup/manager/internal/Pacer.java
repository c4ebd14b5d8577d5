package org.scoria.backup.manager.internal;

import java.util.concurrent.TimeUnit;

/**
 * Holds one backup's or restore's copy to a bandwidth, so that backups do not take all of a
 * storage network an operator shares with running volumes (as Cinder's volume copy limit does).
 * Each chunk waits, before it is read, until the chunks before it would have taken that long at
 * the rate. Used from the one thread that reads chunks in order.
 */
final class Pacer {

    private final long bytesPerSecond;
    private final long started = System.nanoTime();
    private long taken;

    /** @param bytesPerSecond the rate; 0 or less for none */
    Pacer(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Waits until {@code bytes} more may be copied. */
    void take(long bytes) throws InterruptedException {
        if (bytesPerSecond <= 0) {
            return;
        }
        long due = started + (long) (taken * 1e9 / bytesPerSecond);
        taken += bytes;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
