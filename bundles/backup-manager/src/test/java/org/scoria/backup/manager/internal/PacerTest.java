package org.scoria.backup.manager.internal;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PacerTest {

    @Test
    public void aCopyWaitsForTheBytesBeforeItsChunkAtTheRate() throws Exception {
        Pacer pacer = new Pacer(10_000_000);
        long started = System.nanoTime();
        for (int chunk = 0; chunk < 4; chunk++) {
            pacer.take(1_000_000);
        }
        // The fourth chunk may begin once three have had their 0.1 s each.
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis + " ms", millis >= 300);
    }

    @Test
    public void withoutALimitNothingWaits() throws Exception {
        Pacer pacer = new Pacer(0);
        long started = System.nanoTime();
        for (int chunk = 0; chunk < 1000; chunk++) {
            pacer.take(1L << 30);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis + " ms", millis < 100);
    }
}
