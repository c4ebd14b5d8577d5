package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two nodes active-active (scripts/multi-node): one standalone broker, one PostgreSQL, the NFS
 * backend served by both under one volume host. Any node answers and lists both nodes' services;
 * a node killed with {@code kill -9} in the middle of a burst loses no accepted request, leaves
 * nothing stuck and no volume made twice, shows down on the other node, and rejoins when started
 * again.
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
        // Both nodes answer, and each lists both nodes' services.
        for (String node : NODES) {
            assertEquals(200, new Http(node, "u:" + PROJECT).get("/v3/" + PROJECT + "/volumes").status());
            awaitServices(node, "up", "up");
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
        List<String> node1Log = Files.readAllLines(nodes.directory().resolve("node1/data/log/karaf.log"));
        List<String> node2Log = Files.readAllLines(nodes.directory().resolve("node2/data/log/karaf.log"));
        long redelivered = node2Log.stream().filter(line -> line.contains(" redelivered from queue ")).count();
        System.out.printf("burst %d: accepted %d, refused by the killed node %d, redelivered to node2 %d;"
                + " every accepted volume available%n", burst, accepted.size(), refused, redelivered);
        assertTrue("the kill fell inside the burst: node1 refused what was sent to it after", refused > 0);
        List<String> bothLogs = new ArrayList<>(node1Log);
        bothLogs.addAll(node2Log);
        assertMadeOnce(accepted, bothLogs);
        awaitServices(NODES[1], "down", "up");
        // The operator's view at node2's shell: a row per node serving the backend.
        String backends = Distribution.shell(nodes.directory().resolve("node2"), "scoria:backend-list --no-format");
        System.out.println("scoria:backend-list on node2\n" + backends);
        List<List<String>> rows = backends.lines()
                .map(row -> Arrays.stream(row.split("[\t|]")).map(String::trim).toList())
                .filter(cells -> cells.get(0).equals("scoria@nfs-default")).toList();
        assertEquals(backends, 2, rows.size());
        assertTrue(backends, rows.stream().anyMatch(cells -> cells.get(1).equals("node1")
                && cells.contains("down") && cells.get(cells.size() - 1).startsWith("no report for")));
        assertTrue(backends, rows.stream().anyMatch(cells -> cells.get(1).equals("node2") && cells.contains("up")));

        // Started again, node1 answers, takes work again and is up in the other node's list.
        Run restarted = nodes.run("start", nodes.directory().toString(), "1");
        assertEquals(restarted.output(), 0, restarted.exit());
        ProjectVolumes rejoined = new ProjectVolumes("u", PROJECT);
        rejoined.awaitStatus(rejoined.create(), "available", 60);
        awaitServices(NODES[1], "up", "up");

        // The nodes share the backend's queue, so disabling one node's service switches the cluster.
        Http admin = new Http(NODES[0], "admin:" + PROJECT + ":admin", "volume 3.7");
        Http.Reply disabled = admin.call("PUT", "/v3/" + PROJECT + "/os-services/disable",
                "{\"host\": \"node2@nfs-default\", \"binary\": \"cinder-volume\"}");
        assertEquals(disabled.body(), 200, disabled.status());
        assertEquals("node2@nfs-default", disabled.json().path("host").asText());
        try {
            for (JsonNode service : admin.get("/v3/" + PROJECT + "/os-services?binary=cinder-volume").json().path("services")) {
                assertEquals(service.toString(), "disabled", service.path("status").asText());
            }
        } finally {
            Http.Reply enabled = admin.call("PUT", "/v3/" + PROJECT + "/os-services/enable",
                    "{\"host\": \"scoria@nfs-default\", \"binary\": \"cinder-volume\"}");
            assertEquals(enabled.body(), 200, enabled.status());
        }
        assertEquals(List.of("enabled", "enabled"), admin.get("/v3/" + PROJECT + "/os-services?host=scoria@nfs-default")
                .json().path("services").findValuesAsText("status"));
    }

    /**
     * Waits until {@code node}'s {@code os-services} (3.7, with clusters) shows node1's scheduler
     * and volume service in {@code node1State}, node2's in {@code node2State}, the volume services
     * as {@code nodeN@nfs-default} in the cluster {@code scoria@nfs-default}.
     */
    private static void awaitServices(String node, String node1State, String node2State) throws Exception {
        Http admin = new Http(node, "admin:" + PROJECT + ":admin", "volume 3.7");
        List<String> expected = List.of(
                "cinder-scheduler node1 null " + node1State, "cinder-scheduler node2 null " + node2State,
                "cinder-volume node1@nfs-default scoria@nfs-default " + node1State,
                "cinder-volume node2@nfs-default scoria@nfs-default " + node2State);
        List<String> seen = new ArrayList<>();
        try {
            Await.until("os-services on " + node + ": " + expected, 60, () -> {
                seen.clear();
                for (JsonNode service : admin.get("/v3/" + PROJECT + "/os-services").json().path("services")) {
                    seen.add(service.path("binary").asText() + " " + service.path("host").asText() + " "
                            + (service.path("cluster").isNull() ? "null" : service.path("cluster").asText()) + " "
                            + service.path("state").asText());
                }
                return seen.equals(expected);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen " + seen, e);
        }
        System.out.println("os-services on " + node + ": " + seen);
    }

    /**
     * No volume was made by two drivers: each node logs the driver's create once it returns, so
     * an accepted volume's create appears once over both nodes' logs (a node killed before its
     * driver returned left no line; the redelivery to the other node then logged it).
     */
    private static void assertMadeOnce(List<String> ids, List<String> logLines) {
        Pattern made = Pattern.compile("Volume (\\S+) \\(.*: create the volume done on ");
        Map<String, Long> creates = logLines.stream().map(made::matcher).filter(Matcher::find)
                .collect(Collectors.groupingBy(matcher -> matcher.group(1), Collectors.counting()));
        for (String id : ids) {
            assertEquals("driver creates logged for " + id, Long.valueOf(1), creates.getOrDefault(id, 0L));
        }
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
