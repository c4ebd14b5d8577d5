package org.scoria.test.stuck;

import java.util.concurrent.CountDownLatch;

/**
 * Where the bundle's code hangs: until its bundle stops, deaf to interruption, as vendor code
 * blocked in native I/O or on a server that never answers is.
 */
final class Stuck {

    private final CountDownLatch released = new CountDownLatch(1);

    void hang() {
        boolean interrupted = false;
        while (released.getCount() > 0) {
            try {
                released.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void release() {
        released.countDown();
    }
}
