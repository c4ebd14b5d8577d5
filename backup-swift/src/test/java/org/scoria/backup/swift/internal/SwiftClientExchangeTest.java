package org.scoria.backup.swift.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scoria.spi.backup.ObjectStoreException;

/**
 * The client's answers to faults a real Swift cannot be made to give on demand (server errors,
 * bodies damaged in flight, revoked tokens, stalled answers, listings longer than a page), against
 * {@link FakeSwift}, a stand-in.
 * What it does with a working Swift is tested against a real one: itests' SwiftObjectStoreIT.
 */
public class SwiftClientExchangeTest {

    private FakeSwift swift;

    @Before
    public void start() throws Exception {
        swift = new FakeSwift();
    }

    @After
    public void stop() {
        swift.close();
    }

    private SwiftClient client(int retries, Duration timeout) throws Exception {
        return new SwiftClient(new SwiftSettings(swift.authUrl(), 1, "test:tester", "testing", "", "Default", "Default",
                Optional.empty(), retries, Duration.ZERO, timeout, Optional.empty()));
    }

    private SwiftClient client() throws Exception {
        return client(2, Duration.ofSeconds(10));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void serverErrorsAreRetried() throws Exception {
        SwiftClient client = client();
        client.putContainer("c");
        swift.failures.add(503);
        swift.failures.add(500);
        client.putObject("c", "o", bytes("after two failures"));
        assertArrayEquals(bytes("after two failures"), swift.container("c").get("o"));
        assertEquals(List.of("PUT /v1/AUTH_test/c", "PUT /v1/AUTH_test/c/o", "PUT /v1/AUTH_test/c/o",
                "PUT /v1/AUTH_test/c/o"), swift.requests);
    }

    @Test
    public void theLastFailureIsReportedWithObjectStatusAndBody() throws Exception {
        SwiftClient client = client();
        client.putContainer("c");
        for (int i = 0; i < 3; i++) {
            swift.failures.add(503);
        }
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> client.putObject("c", "vol/o", bytes("x")));
        assertEquals("PUT object vol/o in container c failed 3 times, last: HTTP 503:"
                + " <html><h1>Failure 503</h1> <p>queued by the test</p></html>", e.getMessage());
    }

    @Test
    public void aFailureThatIsNotTransientIsNotRetried() throws Exception {
        SwiftClient client = client();
        client.putContainer("c");
        swift.failures.add(403);
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> client.deleteObject("c", "o"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("DELETE object o in container c: HTTP 403: <html>"));
        assertEquals(2, swift.requests.size());
    }

    @Test
    public void aBodyDamagedOnTheWayUpIsSentAgain() throws Exception {
        SwiftClient client = client();
        client.putContainer("c");
        swift.failures.add(422);
        client.putObject("c", "o", bytes("second time lucky"));
        assertArrayEquals(bytes("second time lucky"), swift.container("c").get("o"));
    }

    @Test
    public void aBodyDamagedOnTheWayDownIsFetchedAgainThenRefused() throws Exception {
        SwiftClient client = client(1, Duration.ofSeconds(10));
        client.putContainer("c");
        client.putObject("c", "o", bytes("data"));
        swift.wrongEtag = true;
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> client.getObject("c", "o"));
        assertTrue(e.getMessage(), e.getMessage().contains("failed 2 times"));
        assertTrue(e.getMessage(), e.getMessage().contains("differs from its ETag"));
    }

    @Test
    public void aRevokedTokenIsRenewedOnce() throws Exception {
        SwiftClient client = client(0, Duration.ofSeconds(10));
        client.putContainer("c");
        swift.revokeToken();
        client.putObject("c", "o", bytes("x"));
        assertEquals(2, swift.authentications.get());
        assertArrayEquals(bytes("x"), client.getObject("c", "o"));
        assertEquals(2, swift.authentications.get());
    }

    @Test
    public void aTokenRefusedTwiceInARowFails() throws Exception {
        SwiftClient client = client(0, Duration.ofSeconds(10));
        client.putContainer("c");
        swift.revokeToken();
        swift.failures.add(401);
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> client.getObject("c", "o"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("GET object o in container c: HTTP 401"));
    }

    @Test
    public void aStalledAnswerTimesOutAndIsRetried() throws Exception {
        SwiftClient client = client(1, Duration.ofSeconds(1));
        client.putContainer("c");
        client.putObject("c", "slow", bytes("x"));
        swift.getDelayMillis = 1500;
        long started = System.nanoTime();
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> client.getObject("c", "slow"));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertTrue(e.getMessage(), e.getMessage().contains("failed 2 times"));
        assertTrue(e.getMessage(), e.getMessage().contains("within 1 s") || e.getMessage().contains("timed out"));
        assertTrue("took " + seconds + " s", seconds < 5);
    }

    @Test
    public void aListingFollowsThePagesWithMarkers() throws Exception {
        SwiftClient client = client();
        client.putContainer("c");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "volume-1/backup-1/chunk-" + i;
            client.putObject("c", name, bytes("x"));
            expected.add(name);
        }
        client.putObject("c", "volume-1/backup-2/chunk-0", bytes("y"));
        swift.requests.clear();

        assertEquals(expected, client.listObjects("c", "volume-1/backup-1/"));
        // 8 names in pages of 3, then an empty page: each request starts after the last name it had.
        List<String> listings = swift.requests.stream().filter(request -> request.startsWith("GET /v1/AUTH_test/c?"))
                .collect(Collectors.toList());
        assertEquals(4, listings.size());
        assertEquals("GET /v1/AUTH_test/c?format=json&prefix=volume-1%2Fbackup-1%2F", listings.get(0));
        assertEquals("GET /v1/AUTH_test/c?format=json&prefix=volume-1%2Fbackup-1%2F"
                + "&marker=volume-1%2Fbackup-1%2Fchunk-2", listings.get(1));
    }
}
