package org.scoria.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two nodes active-active (scripts/multi-node): one standalone broker, one PostgreSQL, the NFS
 * backend served by both under one volume host. Any node answers; a node killed with
 * {@code kill -9} in the middle of a burst loses no accepted request and leaves nothing stuck, and
 * it rejoins when started again.
 */
public class MultiNodeIT {

    private static final String PROJECT = "multi-node";
    /** node1 answers where every other test's distribution does (ProjectVolumes goes there). */
    private static final String[] NODES = {ScoriaTestSupport.ENDPOINT, "http://127.0.0.1:8777"};
    private static ScriptedServer nodes;

    @BeforeClass
    public static void start() throws Exception {
        nodes = ScriptedServer.up("multi-node", "multi-node", List.of("2"), "node", "broker");
        Http.unlimitedQuota(NODES[0], PROJECT);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void aNodeKilledUnderLoadLosesNothingAndRejoins() throws Exception {
        // Both nodes answer and both serve the backend.
        for (String node : NODES) {
            assertEquals(200, new Http(node, "u:" + PROJECT).get("/v3/" + PROJECT + "/volumes").status());
        }
        int burst = 80;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Http.Reply>> requests = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            Http node = new Http(NODES[i % 2], "u:" + PROJECT);
            requests.add(clients.submit(() -> node.post("/v3/" + PROJECT + "/volumes", "{\"volume\": {\"size\": 1}}")));
            if (i == burst / 4) {
                Run killed = Run.of("bash", "-c", "kill -9 $(pgrep -P $(cat " + nodes.directory().resolve("node1.pid") + "))");
                assertEquals(killed.output(), 0, killed.exit());
                System.out.println("node1 killed after " + (i + 1) + " requests were sent");
            }
            Thread.sleep(25);
        }
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < burst; i++) {
            Http.Reply reply;
            try {
                reply = requests.get(i).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException unreachable) {
                reply = null;
            }
            if (reply != null && reply.status() == 202) {
                accepted.add(reply.json().path("volume").path("id").asText());
            } else {
                // Only the killed node may refuse (or reset) a request, and then it accepted nothing.
                assertEquals("request " + i + " to " + NODES[i % 2] + ": " + (reply == null ? "no answer" : reply.body()),
                        NODES[0], NODES[i % 2]);
                refused++;
            }
        }
        clients.shutdown();

        Http survivor = new Http(NODES[1], "u:" + PROJECT);
        Await.until("every accepted volume available on node2", 120,
                () -> available(survivor, accepted) == accepted.size());
        System.out.printf("burst %d: accepted %d, refused by the killed node %d; every accepted volume available%n",
                burst, accepted.size(), refused);

        // Started again, node1 answers and takes work again.
        Run restarted = nodes.run("start", nodes.directory().toString(), "1");
        assertEquals(restarted.output(), 0, restarted.exit());
        ProjectVolumes rejoined = new ProjectVolumes("u", PROJECT);
        rejoined.awaitStatus(rejoined.create(), "available", 60);
    }

    /** How many of {@code ids} the node shows available. */
    private static long available(Http node, List<String> ids) throws IOException {
        JsonNode volumes = node.get("/v3/" + PROJECT + "/volumes/detail?limit=1000").json().path("volumes");
        long count = 0;
        for (JsonNode volume : volumes) {
            if (ids.contains(volume.path("id").asText()) && volume.path("status").asText().equals("available")) {
                count++;
            }
        }
        return count;
    }
}
