package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Stop and start the whole distribution: volumes survive, and requests that were queued when it
 * stopped complete after it starts.
 */
public class DistributionRestartIT {

    private static final String PROJECT = "restart-it";
    private static final String DRIVER_BUNDLE = "scoria-driver-nfs";

    private final Http http = new Http(ScoriaTestSupport.ENDPOINT, "dave:" + PROJECT);
    private Distribution distribution;

    @Before
    public void unpack() throws Exception {
        distribution = Distribution.unpack("restart");
    }

    @After
    public void stopAndClean() throws Exception {
        distribution.stop();
        distribution.delete();
    }

    @Test
    public void volumesAndQueuedRequestsSurviveARestart() throws Exception {
        distribution.start();
        awaitEndpoint();
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kept.add(create());
        }
        for (String id : kept) {
            awaitStatus(id, "available", 60);
        }

        // Stop the backend's driver bundle, as an operator would before replacing it: requests
        // for the backend now wait in the broker (it is paused, still placed on, for the grace period).
        // Transient: the bundle is still marked to start, so it comes back with the restart.
        distribution.shell("bundle:stop --transient " + DRIVER_BUNDLE);
        Path log = distribution.home().resolve("data/log/karaf.log");
        await("the volume manager to report the driver gone", 60,
                () -> Files.readString(log).contains("lost its driver"));
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(create());
        }
        String deleted = kept.remove(0);
        assertEquals(202, http.delete(volumePath(deleted)).status());
        Thread.sleep(2000);
        for (String id : queued) {
            assertEquals("queued while the driver is away", "creating", status(id));
        }
        assertEquals("deleting", status(deleted));

        // A burst of creates right before a stop: some are still in the queues when it stops.
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(create());
        }
        distribution.stop();

        distribution.start();
        awaitEndpoint();
        for (String id : kept) {
            awaitStatus(id, "available", 60);
        }
        for (String id : queued) {
            awaitStatus(id, "available", 90);
        }
        for (String id : burst) {
            awaitStatus(id, "available", 90);
        }
        awaitGone(deleted, 90);
        JsonNode all = http.get("/v3/" + PROJECT + "/volumes").json().get("volumes");
        assertEquals(kept.size() + queued.size() + burst.size(), all.size());
    }

    private String create() throws IOException {
        Http.Reply reply = http.post("/v3/" + PROJECT + "/volumes", "{\"volume\": {\"size\": 1}}");
        assertEquals(reply.body(), 202, reply.status());
        return reply.json().get("volume").get("id").asText();
    }

    private String status(String id) throws IOException {
        Http.Reply reply = http.get(volumePath(id));
        return reply.status() == 404 ? "gone" : reply.json().get("volume").get("status").asText();
    }

    private static String volumePath(String id) {
        return "/v3/" + PROJECT + "/volumes/" + id;
    }

    private void awaitEndpoint() throws InterruptedException {
        await("the REST endpoint", 120, () -> http.get("/v3/" + PROJECT + "/volumes").status() == 200);
    }

    private void awaitStatus(String id, String status, int seconds) throws InterruptedException {
        await("volume " + id + " " + status, seconds, () -> {
            String now = status(id);
            assertTrue("volume " + id + " went to " + now, !now.startsWith("error"));
            return now.equals(status);
        });
    }

    private void awaitGone(String id, int seconds) throws InterruptedException {
        awaitStatus(id, "gone", seconds);
    }

    private static void await(String what, int seconds, Await.Check condition) throws InterruptedException {
        Await.until(what, seconds, condition);
    }
}
