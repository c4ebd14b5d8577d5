package org.scoria.volume.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.After;
import org.junit.Test;

/** A peer on a real loopback connection that stops sending and keeps the connection open, as a stalled Glance does. */
public class StallWatchTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final StallWatch watch = new StallWatch(scheduler, Duration.ofMillis(400));

    @After
    public void stop() {
        scheduler.shutdownNow();
    }

    @Test(timeout = 20_000)
    public void aTransferThatStopsSendingIsClosedAfterTheLimit() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            peer.getOutputStream().write(new byte[10]);
            InputStream stream = client.getInputStream();
            long began = System.nanoTime();
            try (StallWatch.Watch watched = watch.watch("the test connection", stream)) {
                assertEquals(10, stream.readNBytes(10).length);
                watched.progressed();
                // Blocked until the watch closes the stream.
                assertThrows(IOException.class, () -> stream.read(new byte[100]));
                assertTrue(watched.stalled());
            }
            long waitedMillis = (System.nanoTime() - began) / 1_000_000;
            assertTrue("gave up after " + waitedMillis + " ms", waitedMillis >= 400 && waitedMillis < 5_000);
        }
    }

    @Test(timeout = 20_000)
    public void aTransferThatKeepsSendingIsLeftAlone() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            OutputStream sending = peer.getOutputStream();
            InputStream stream = client.getInputStream();
            try (StallWatch.Watch watched = watch.watch("the test connection", stream)) {
                // Twice the limit in all, never a limit's time without data.
                for (int i = 0; i < 8; i++) {
                    sending.write(1);
                    assertEquals(1, stream.read());
                    watched.progressed();
                    Thread.sleep(100);
                }
                assertFalse(watched.stalled());
            }
        }
    }
}
