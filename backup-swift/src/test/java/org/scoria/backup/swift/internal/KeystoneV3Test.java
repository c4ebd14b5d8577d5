package org.scoria.backup.swift.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

/** The Keystone v3 request and the catalog lookup, on bodies written for the test. */
public class KeystoneV3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A token response with Swift in two regions, each with three interfaces, and two other services. */
    private static final String TOKEN_RESPONSE = """
            {"token": {
              "methods": ["password"],
              "expires_at": "2031-01-01T00:00:00.000000Z",
              "project": {"id": "8d2c9a", "name": "backup", "domain": {"id": "default", "name": "Default"}},
              "catalog": [
                {"type": "identity", "name": "keystone", "id": "1", "endpoints": [
                  {"interface": "public", "region": "RegionOne", "url": "http://10.0.0.5:5000/v3"}]},
                {"type": "block-storage", "name": "cinder", "id": "2", "endpoints": [
                  {"interface": "public", "region": "RegionOne", "url": "http://10.0.0.5:8776/v3/8d2c9a"}]},
                {"type": "object-store", "name": "swift", "id": "3", "endpoints": [
                  {"interface": "internal", "region": "RegionOne", "url": "http://192.168.1.7:8080/v1/AUTH_8d2c9a"},
                  {"interface": "admin", "region": "RegionOne", "url": "http://192.168.1.7:8080"},
                  {"interface": "public", "region": "RegionOne", "url": "https://swift.example.org/v1/AUTH_8d2c9a"},
                  {"interface": "public", "region": "RegionTwo", "url": "https://swift2.example.org/v1/AUTH_8d2c9a"}]}
              ]}}
            """;

    @Test
    public void theObjectStoresPublicEndpointIsTaken() throws Exception {
        assertEquals(URI.create("https://swift.example.org/v1/AUTH_8d2c9a"),
                KeystoneV3.objectStoreUrl(JSON.readTree(TOKEN_RESPONSE)));
    }

    @Test
    public void aCatalogWithoutSwiftSaysWhatItHas() throws Exception {
        JsonNode response = JSON.readTree("""
                {"token": {"catalog": [
                  {"type": "identity", "endpoints": [{"interface": "public", "url": "http://k:5000/v3"}]},
                  {"type": "volumev3", "endpoints": [{"interface": "public", "url": "http://c:8776/v3"}]}]}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeystoneV3.objectStoreUrl(response));
        assertTrue(e.getMessage(), e.getMessage().contains("[identity, volumev3]"));
        assertTrue(e.getMessage(), e.getMessage().contains("storage.url"));
    }

    @Test
    public void swiftWithoutAPublicEndpointIsRefused() throws Exception {
        JsonNode response = JSON.readTree("""
                {"token": {"catalog": [{"type": "object-store", "endpoints": [
                  {"interface": "internal", "url": "http://s:8080/v1/AUTH_x"}]}]}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeystoneV3.objectStoreUrl(response));
        assertTrue(e.getMessage(), e.getMessage().contains("no public endpoint"));
    }

    @Test
    public void anUnscopedTokenHasNoCatalog() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> KeystoneV3.objectStoreUrl(JSON.readTree("{\"token\": {\"methods\": [\"password\"]}}")));
    }

    @Test
    public void tokensAreAskedForUnderV3() {
        assertEquals(URI.create("http://k:5000/v3/auth/tokens"), KeystoneV3.tokensUri(URI.create("http://k:5000/v3")));
        assertEquals(URI.create("http://k:5000/v3/auth/tokens"), KeystoneV3.tokensUri(URI.create("http://k:5000/v3/")));
        assertEquals(URI.create("http://k:5000/v3/auth/tokens"), KeystoneV3.tokensUri(URI.create("http://k:5000")));
        assertEquals(URI.create("https://cloud/identity/v3/auth/tokens"),
                KeystoneV3.tokensUri(URI.create("https://cloud/identity")));
    }

    @Test
    public void thePasswordRequestIsScopedToTheProject() {
        SwiftSettings settings = new SwiftSettings(URI.create("http://k:5000/v3"), 3, "cinder-backup", "s3cret",
                "service", "users", "projects", Optional.empty(), 3, Duration.ofSeconds(2), Duration.ofSeconds(60),
                Optional.empty());
        JsonNode auth = KeystoneV3.passwordRequest(JSON, settings).get("auth");
        assertEquals("password", auth.at("/identity/methods/0").asText());
        assertEquals(1, auth.at("/identity/methods").size());
        assertEquals("cinder-backup", auth.at("/identity/password/user/name").asText());
        assertEquals("users", auth.at("/identity/password/user/domain/name").asText());
        assertEquals("s3cret", auth.at("/identity/password/user/password").asText());
        assertEquals("service", auth.at("/scope/project/name").asText());
        assertEquals("projects", auth.at("/scope/project/domain/name").asText());
    }
}
