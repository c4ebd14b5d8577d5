package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The distribution runs against a standalone Artemis broker in a process of its own; the test
 * kills the broker (SIGKILL, by PID) while requests are queued and running, and starts it again
 * on the same journal: every request the platform accepted completes, none is lost, none is
 * stuck, and requests sent while the broker was away either wait for it or are refused whole.
 */
public class BrokerOutageIT {

    private static final String PROJECT = "broker-it";
    private static final int BROKER_PORT = 61626;
    private static final int BURST = 60;

    private final Http http = new Http(ScoriaTestSupport.ENDPOINT, "gina:" + PROJECT);
    private Distribution distribution;
    private Path brokerData;
    private Process broker;

    @Before
    public void unpack() throws Exception {
        distribution = Distribution.unpack("broker");
        brokerData = distribution.home().resolveSibling("broker-data");
        // Written before the first start: the feature's default file does not replace an operator's.
        Files.writeString(distribution.etc("org.scoria.messaging.cfg"), "broker.url=tcp://127.0.0.1:" + BROKER_PORT + "\n");
        Files.writeString(distribution.etc("org.scoria.journal.cfg"), "relay.interval.seconds=1\nresend.after.seconds=3\n");
    }

    @After
    public void stopAndClean() throws Exception {
        distribution.stop();
        stopBroker();
        distribution.delete();
    }

    @Test
    public void requestsAcceptedBeforeTheBrokerWentAwayCompleteWhenItIsBack() throws Exception {
        startBroker();
        distribution.start();
        Await.until("the REST endpoint", 120, () -> http.get("/v3/" + PROJECT + "/volumes").status() == 200);
        assertTrue("the platform uses the standalone broker", Files.readString(
                distribution.home().resolve("data/log/karaf.log")).contains("connected to tcp://127.0.0.1:" + BROKER_PORT));
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            accepted.add(create());
        }
        for (String id : accepted) {
            awaitStatus(id, "available", 60);
        }

        // A burst from four clients, and the broker killed in the middle of it: some volumes are
        // being worked on, some requests are on their way.
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Http.Reply>> burst = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                burst.add(clients.submit(() -> http.post("/v3/" + PROJECT + "/volumes", "{\"volume\": {\"size\": 1}}")));
            }
            Await.until("a third of the burst sent", 60, () -> burst.stream().filter(Future::isDone).count() >= BURST / 3);
            broker.destroyForcibly().waitFor();
            long killedAt = System.nanoTime();
            long unfinishedAtKill = burst.size() - burst.stream().filter(Future::isDone).count();
            Thread.sleep(8000);
            for (JsonNode volume : http.get("/v3/" + PROJECT + "/volumes/detail?limit=1000").json().get("volumes")) {
                String status = volume.get("status").asText();
                assertTrue("volume " + volume.get("id").asText() + " is " + status + " while the broker is away",
                        status.equals("available") || status.equals("creating"));
                unfinishedAtKill += status.equals("creating") ? 1 : 0;
            }

            startBroker();
            int refused = 0;
            for (Future<Http.Reply> reply : burst) {
                Http.Reply answer = reply.get(120, TimeUnit.SECONDS);
                if (answer.status() == 202) {
                    accepted.add(answer.json().get("volume").get("id").asText());
                } else {
                    assertEquals(answer.body(), 503, answer.status());
                    refused++;
                }
            }
            for (String id : accepted) {
                awaitStatus(id, "available", 120);
            }
            System.out.printf("Broker outage: %d requests unanswered or volumes unfinished while it was away;"
                    + " %d volumes accepted in all, %d requests refused (503); all available %.1f s after the kill%n",
                    unfinishedAtKill, accepted.size(), refused, (System.nanoTime() - killedAt) / 1e9);
            assertTrue("the kill must catch work in progress", unfinishedAtKill > 0);
            assertEquals("every accepted volume, and nothing of the refused ones", accepted.size(),
                    http.get("/v3/" + PROJECT + "/volumes?limit=1000").json().get("volumes").size());
        } finally {
            clients.shutdownNow();
        }
    }

    private void startBroker() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandaloneArtemis.class.getName(),
                Integer.toString(BROKER_PORT), brokerData.toString()).redirectErrorStream(true);
        broker = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(broker.getInputStream()));
        Path log = distribution.home().resolveSibling("broker.log");
        String line;
        while ((line = output.readLine()) != null && !line.equals("READY")) {
            Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        if (line == null) {
            throw new IOException("The standalone broker ended before it was ready; see " + log);
        }
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                output.transferTo(Writer.nullWriter());
            } catch (IOException ended) {
                // The broker went away.
            }
        }, "broker-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Stops the broker this test started, by its PID, and nothing else. */
    private void stopBroker() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor();
            }
        }
    }

    private String create() throws IOException {
        Http.Reply reply = http.post("/v3/" + PROJECT + "/volumes", "{\"volume\": {\"size\": 1}}");
        assertEquals(reply.body(), 202, reply.status());
        return reply.json().get("volume").get("id").asText();
    }

    private String status(String id) throws IOException {
        Http.Reply reply = http.get("/v3/" + PROJECT + "/volumes/" + id);
        return reply.status() == 404 ? "gone" : reply.json().get("volume").get("status").asText();
    }

    private void awaitStatus(String id, String status, int seconds) throws InterruptedException {
        Await.until("volume " + id + " " + status, seconds, () -> {
            String now = status(id);
            assertTrue("volume " + id + " went to " + now, !now.startsWith("error"));
            return now.equals(status);
        });
    }
}
