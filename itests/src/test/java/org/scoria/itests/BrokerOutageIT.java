package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final ProjectVolumes volumes = new ProjectVolumes("gina", PROJECT);
    private final Http http = volumes.http();
    private Distribution distribution;
    private Path brokerData;
    private Process broker;
    private int brokerStarts;

    @Before
    public void unpack() throws Exception {
        distribution = Distribution.unpack("broker");
        brokerData = distribution.home().resolveSibling("broker-data");
        // Written before the first start: the feature's default file does not replace an operator's.
        Files.writeString(distribution.etc("org.scoria.messaging.cfg"), "broker.url=tcp://127.0.0.1:" + BROKER_PORT + "\n");
        distribution.resendJournalQuickly();
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
        volumes.awaitEndpoint();
        assertTrue("the platform uses the standalone broker", Files.readString(
                distribution.karafLog()).contains("connected to tcp://127.0.0.1:" + BROKER_PORT));
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            accepted.add(volumes.create());
        }
        for (String id : accepted) {
            volumes.awaitStatus(id, "available", 60);
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
                volumes.awaitStatus(id, "available", 120);
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
        // A log per start: the one before the kill stays to read.
        Path log = distribution.home().resolveSibling("broker-" + ++brokerStarts + ".log");
        broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandaloneArtemis.class.getName(),
                Integer.toString(BROKER_PORT), brokerData.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until("the standalone broker ready (see " + log + ")", 60, () -> {
            assertTrue("the standalone broker ended before it was ready; see " + log, broker.isAlive());
            return Files.readString(log).lines().anyMatch("READY"::equals);
        });
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
}
