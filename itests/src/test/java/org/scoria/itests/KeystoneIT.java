package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Keystone authentication against a real Keystone (Debian's keystone under uwsgi, with its own
 * PostgreSQL: scripts/keystone) and a distribution with {@code auth.strategy=keystone}. The real
 * openstack CLI authenticates with passwords and finds Scoria through Keystone's catalog. Users:
 * alice (member of alpha), rita (reader of alpha), bob (member of beta), admin.
 */
public class KeystoneIT {

    private static final String KEYSTONE = "http://127.0.0.1:5000";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ScriptedServer keystone;
    private static Distribution distribution;
    private static KeystoneClouds clouds;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    @BeforeClass
    public static void start() throws Exception {
        keystone = ScriptedServer.up("keystone", "keystone", List.of(), "keystone ");
        clouds = new KeystoneClouds(keystone);
        distribution = Distribution.unpack("keystone");
        Files.writeString(distribution.etc("org.scoria.rest.cfg"), String.join("\n",
                "auth.strategy=keystone",
                "keystone.auth.url=" + KEYSTONE + "/v3",
                "keystone.username=scoria",
                "keystone.password=scoria-secret", ""));
        distribution.start();
        Await.until("the REST endpoint asking for a token", 120, () -> get("/v3/alpha/volumes", null).statusCode() == 401);
    }

    @AfterClass
    public static void stop() throws Exception {
        Distribution.stopAndDelete(distribution, keystone);
    }

    @Test
    public void requestsWithoutAValidTokenAre401NamingKeystone() throws Exception {
        for (String token : new String[] {null, "not-a-token"}) {
            HttpResponse<String> refused = get("/v3/alpha/volumes", token);
            assertEquals(refused.body(), 401, refused.statusCode());
            assertEquals("Keystone uri=\"" + KEYSTONE + "\"", refused.headers().firstValue("WWW-Authenticate").orElse(null));
            assertTrue(refused.body(), refused.body().startsWith("{\"unauthorized\":{")
                    && refused.body().contains("\"code\":401"));
        }
        // noauth's tokens mean nothing under Keystone.
        assertEquals(401, get("/v3/alpha/volumes", "admin:alpha:admin").statusCode());
    }

    @Test
    public void aUrlProjectOtherThanTheTokensIsAMalformedUrl() throws Exception {
        JsonNode alice = clouds.token("alice");
        String token = alice.path("id").asText();
        String beta = clouds.token("bob").path("project_id").asText();
        assertEquals(200, get("/v3/" + alice.path("project_id").asText() + "/volumes", token).statusCode());
        HttpResponse<String> other = get("/v3/" + beta + "/volumes", token);
        assertEquals(other.body(), 400, other.statusCode());
        assertTrue(other.body(), other.body().contains("Malformed request url"));
    }

    @Test
    public void openstackClientSessionThroughTheCatalogWithRolesAndProjects() throws Exception {
        String volume = clouds.openstack("alice", "volume", "create", "--size", "1", "keystone-it", "-f", "value", "-c", "id").trim();
        clouds.awaitVolume("alice", volume, "available");
        String snapshot = clouds.openstack("alice", "volume", "snapshot", "create", "--volume", volume, "keystone-snap",
                "-f", "value", "-c", "id").trim();
        Await.until("the snapshot available", 60, () -> clouds.run("alice", "volume", "snapshot", "show", snapshot, "-f", "value",
                "-c", "status").output().trim().equals("available"));
        clouds.openstack("alice", "volume", "set", "--description", "set by alice", volume);
        assertEquals("set by alice", clouds.openstack("alice", "volume", "show", volume, "-f", "value", "-c", "description").trim());

        // A reader of the project sees it and changes nothing.
        assertTrue(clouds.openstack("rita", "volume", "list", "-f", "value", "-c", "ID").contains(volume));
        assertTrue(clouds.openstack("rita", "volume", "snapshot", "list", "-f", "value", "-c", "ID").contains(snapshot));
        Run refused = clouds.run("rita", "volume", "create", "--size", "1", "by-a-reader");
        assertFalse(refused.output(), refused.exit() == 0);
        assertTrue(refused.output(), refused.output().contains("Policy doesn't allow volume:create to be performed. (HTTP 403)"));
        refused = clouds.run("rita", "volume", "snapshot", "delete", snapshot);
        assertFalse(refused.output(), refused.exit() == 0);
        refused = clouds.run("rita", "volume", "set", "--description", "by a reader", volume);
        assertFalse(refused.output(), refused.exit() == 0);
        assertTrue(refused.output(), refused.output().contains("volume:update"));

        // Another project's member does not see it at all.
        assertFalse(clouds.openstack("bob", "volume", "list", "-f", "value", "-c", "ID").contains(volume));
        Run hidden = clouds.run("bob", "volume", "show", volume);
        assertFalse(hidden.output(), hidden.exit() == 0);
        assertTrue(hidden.output(), hidden.output().contains("No volume with a name or ID"));

        // Administrators' actions are the administrator's.
        refused = clouds.run("alice", "volume", "set", "--state", "error", volume);
        assertFalse(refused.output(), refused.exit() == 0);
        assertTrue(refused.output(), refused.output().contains("volume_extension:volume_admin_actions:reset_status"));
        assertTrue(clouds.openstack("admin", "volume", "list", "--all-projects", "-f", "value", "-c", "ID").contains(volume));
        clouds.openstack("admin", "volume", "set", "--state", "available", volume);
        assertEquals(1, clouds.openstack("alice", "volume", "list", "-f", "value", "-c", "ID").lines()
                .filter(volume::equals).count());

        clouds.openstack("alice", "volume", "snapshot", "delete", snapshot);
        Await.until("the snapshot gone", 60, () -> !clouds.run("alice", "volume", "snapshot", "list", "-f", "value", "-c", "ID")
                .output().contains(snapshot));
        clouds.openstack("alice", "volume", "delete", volume);
        Await.until("the volume gone", 60, () -> !clouds.run("alice", "volume", "list", "-f", "value", "-c", "ID")
                .output().contains(volume));
    }

    /**
     * Keystone revokes a disabled user's tokens, Scoria's own among them: the next validation is
     * refused (401 to the service token), and Scoria authenticates again and answers.
     */
    @Test
    public void aRevokedServiceTokenIsReplacedWithoutFailingARequest() throws Exception {
        JsonNode first = clouds.token("alice");
        String alpha = first.path("project_id").asText();
        assertEquals(200, get("/v3/" + alpha + "/volumes", first.path("id").asText()).statusCode());
        long obtained = serviceTokensObtained();
        clouds.openstack("admin", "user", "set", "--disable", "scoria");
        clouds.openstack("admin", "user", "set", "--enable", "scoria");
        // Revocation events count whole seconds: a token of the same second as the event is revoked too.
        Thread.sleep(1100);
        // A token Scoria has not cached: its validation needs the service token.
        HttpResponse<String> answered = get("/v3/" + alpha + "/volumes", clouds.token("alice").path("id").asText());
        assertEquals(answered.body(), 200, answered.statusCode());
        assertEquals(obtained + 1, serviceTokensObtained());
    }

    private static long serviceTokensObtained() throws Exception {
        return Files.readAllLines(distribution.karafLog()).stream()
                .filter(line -> line.contains("Service token for scoria obtained")).count();
    }

    @Test
    public void theOperatorsPolicyFileOverridesARuleByName() throws Exception {
        Path policy = distribution.etc("scoria-policy.yaml");
        String shipped = Files.readString(policy);
        try {
            Files.writeString(policy, shipped + "\"volume:create\": \"rule:admin_api\"\n");
            Await.until("the override in force", 30, () -> {
                Run attempt = clouds.run("alice", "volume", "create", "--size", "1", "refused", "-f", "value", "-c", "id");
                if (attempt.exit() == 0) {
                    // Created before the override took effect: not left behind (deletable once available).
                    clouds.awaitVolume("alice", attempt.output().trim(), "available");
                    clouds.openstack("alice", "volume", "delete", attempt.output().trim());
                    return false;
                }
                return attempt.output().contains("Policy doesn't allow volume:create to be performed. (HTTP 403)");
            });
            String id = clouds.openstack("admin", "volume", "create", "--size", "1", "by-admin", "-f", "value", "-c", "id").trim();
            clouds.awaitVolume("admin", id, "available");
            clouds.openstack("admin", "volume", "delete", id);
        } finally {
            Files.writeString(policy, shipped);
        }
        Await.until("the default back", 30, () -> {
            Run created = clouds.run("alice", "volume", "create", "--size", "1", "allowed-again", "-f", "value", "-c", "id");
            if (created.exit() != 0) {
                return false;
            }
            String id = created.output().trim();
            clouds.awaitVolume("alice", id, "available");
            clouds.openstack("alice", "volume", "delete", id);
            return true;
        });
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ScoriaTestSupport.ENDPOINT + path)).GET();
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
