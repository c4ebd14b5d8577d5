package org.scoria.itests;

import java.util.concurrent.TimeUnit;

/** Polls a condition until it holds or the time is up; shared by the in-container and process tests. */
final class Await {

    /** A condition that may throw; an exception counts as "not yet". */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(String what, int seconds, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception notYet) {
                // e.g. the endpoint is not listening yet; kept to explain a timeout
                last = notYet;
            }
            Thread.sleep(100);
        }
        AssertionError timedOut = new AssertionError("Timed out after " + seconds + " s waiting for " + what);
        if (last != null) {
            timedOut.initCause(last);
        }
        throw timedOut;
    }
}
