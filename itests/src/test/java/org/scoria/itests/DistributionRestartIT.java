package org.scoria.itests;

import static org.junit.Assert.assertEquals;

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

    private final ProjectVolumes volumes = new ProjectVolumes("dave", PROJECT);
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
        volumes.awaitEndpoint();
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kept.add(volumes.create());
        }
        for (String id : kept) {
            volumes.awaitStatus(id, "available", 60);
        }

        // Stop the backend's driver bundle, as an operator would before replacing it: requests
        // for the backend now wait in the broker (it is paused, still placed on, for the grace period).
        // Transient: the bundle is still marked to start, so it comes back with the restart.
        distribution.shell("bundle:stop --transient " + DRIVER_BUNDLE);
        Path log = distribution.karafLog();
        Await.until("the volume manager to report the driver gone", 60,
                () -> Files.readString(log).contains("lost its driver"));
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(volumes.create());
        }
        String deleted = kept.remove(0);
        assertEquals(202, volumes.http().delete(volumes.path(deleted)).status());
        Thread.sleep(2000);
        for (String id : queued) {
            assertEquals("queued while the driver is away", "creating", volumes.status(id));
        }
        assertEquals("deleting", volumes.status(deleted));

        // A burst of creates right before a stop: some are still in the queues when it stops.
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(volumes.create());
        }
        distribution.stop();

        distribution.start();
        volumes.awaitEndpoint();
        for (String id : kept) {
            volumes.awaitStatus(id, "available", 60);
        }
        for (String id : queued) {
            volumes.awaitStatus(id, "available", 90);
        }
        for (String id : burst) {
            volumes.awaitStatus(id, "available", 90);
        }
        volumes.awaitStatus(deleted, "gone", 90);
        JsonNode all = volumes.http().get("/v3/" + PROJECT + "/volumes").json().get("volumes");
        assertEquals(kept.size() + queued.size() + burst.size(), all.size());
    }
}
