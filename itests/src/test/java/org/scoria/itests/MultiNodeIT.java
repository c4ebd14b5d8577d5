package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private static final String[] NODES = {"http://127.0.0.1:8776", "http://127.0.0.1:8777"};
    private static Path directory;

    @BeforeClass
    public static void start() throws Exception {
        directory = Path.of(System.getProperty("scoria.work", "target/work"), "multi-node-" + System.nanoTime())
                .toAbsolutePath();
        Files.createDirectories(directory.getParent());
        Run up = Run.of(script(), "up", directory.toString(), "2");
        if (up.exit() != 0 || !up.output().contains("ready")) {
            Run.of(script(), "down", directory.toString());
            throw new AssertionError("The nodes did not come up: " + up.output());
        }
        up.output().lines().filter(line -> line.startsWith("node") || line.startsWith("broker")).forEach(System.out::println);
        Http.unlimitedQuota(NODES[0], PROJECT);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (directory != null) {
            Run.of(script(), "down", directory.toString());
        }
    }

    private static String script() {
        return Path.of(System.getProperty("scoria.scripts", "../scripts"), "multi-node").toAbsolutePath().toString();
    }

    @Test
    public void aNodeKilledUnderLoadLosesNothingAndRejoins() throws Exception {
        // Both nodes answer and both serve the backend.
        for (String node : NODES) {
            assertEquals(200, new Http(node, "u:" + PROJECT).get("/v3/" + PROJECT + "/volumes").status());
        }
        int burst = 80;
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> requests = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            Http node = new Http(NODES[i % 2], "u:" + PROJECT);
            requests.add(clients.submit(() -> {
                Http.Reply reply = node.post("/v3/" + PROJECT + "/volumes", "{\"volume\": {\"size\": 1}}");
                return reply.status() == 202 ? reply.json().path("volume").path("id").asText() : null;
            }));
            if (i == burst / 4) {
                Run killed = Run.of("bash", "-c", "kill -9 $(pgrep -P $(cat " + directory.resolve("node1.pid") + "))");
                assertEquals(killed.output(), 0, killed.exit());
                System.out.println("node1 killed after " + (i + 1) + " requests were sent");
            }
            Thread.sleep(25);
        }
        for (Future<String> request : requests) {
            try {
                String id = request.get(60, TimeUnit.SECONDS);
                if (id != null) {
                    accepted.add(id);
                } else {
                    refused++;
                }
            } catch (ExecutionException unreachable) {
                // Sent to the killed node: refused or reset, never accepted.
                refused++;
            }
        }
        clients.shutdown();
        assertTrue("node2 accepted its half at least: " + accepted.size(), accepted.size() >= burst / 2);

        Http survivor = new Http(NODES[1], "u:" + PROJECT);
        Await.until("every accepted volume available on node2", 120, () -> statuses(survivor, accepted)
                .getOrDefault("available", 0) == accepted.size());
        Map<String, Integer> statuses = statuses(survivor, accepted);
        System.out.printf("burst %d: accepted %d, refused by the killed node %d, lost %d, stuck %d%n", burst,
                accepted.size(), refused, accepted.size() - statuses.values().stream().mapToInt(Integer::intValue).sum(),
                accepted.size() - statuses.getOrDefault("available", 0));

        // Started again, node1 answers and takes work again.
        Run restarted = Run.of(script(), "start", directory.toString(), "1");
        assertEquals(restarted.output(), 0, restarted.exit());
        Http rejoined = new Http(NODES[0], "u:" + PROJECT);
        String id = rejoined.post("/v3/" + PROJECT + "/volumes", "{\"volume\": {\"size\": 1}}").json().path("volume")
                .path("id").asText();
        Await.until("a volume created through node1 again", 60,
                () -> rejoined.get("/v3/" + PROJECT + "/volumes/" + id).json().path("volume").path("status").asText()
                        .equals("available"));
    }

    /** How many of {@code ids} are in each status, as the node answers for them. */
    private static Map<String, Integer> statuses(Http node, List<String> ids) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        JsonNode volumes = node.get("/v3/" + PROJECT + "/volumes/detail?limit=1000").json().path("volumes");
        for (JsonNode volume : volumes) {
            if (ids.contains(volume.path("id").asText())) {
                counts.merge(volume.path("status").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
