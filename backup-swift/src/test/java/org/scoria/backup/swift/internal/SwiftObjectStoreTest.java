package org.scoria.backup.swift.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

/** Activation from a configuration, without a Swift: activation does not reach it. */
public class SwiftObjectStoreTest {

    /**
     * A configuration as Config Admin would hand it over: the values given, the annotation's
     * defaults for the rest (null where it has none, as for a property that is not set).
     */
    static SwiftObjectStore.Config config(Map<String, Object> values) {
        return (SwiftObjectStore.Config) Proxy.newProxyInstance(SwiftObjectStore.Config.class.getClassLoader(),
                new Class<?>[] {SwiftObjectStore.Config.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return SwiftObjectStore.Config.class;
                        case "toString":
                            return "Config" + values;
                        case "hashCode":
                            return values.hashCode();
                        case "equals":
                            return proxy == arguments[0];
                        default:
                            return values.containsKey(method.getName()) ? values.get(method.getName())
                                    : method.getDefaultValue();
                    }
                });
    }

    private static Map<String, Object> tempauth() {
        Map<String, Object> values = new HashMap<>();
        values.put("auth_url", "http://127.0.0.1:8080/auth/v1.0");
        values.put("user", "test:tester");
        values.put("key", "testing");
        return values;
    }

    @Test
    public void withoutAContainerEachProjectHasItsOwn() throws Exception {
        SwiftObjectStore store = new SwiftObjectStore(config(tempauth()));
        assertEquals("backups-5a1e0c47d2b84f0b", store.defaultContainer("5a1e0c47d2b84f0b"));
        assertEquals("backups-other", store.defaultContainer("other"));
        assertEquals(52428800, store.chunkSizeBytes());
    }

    @Test
    public void aConfiguredContainerHoldsEveryProjectsBackups() throws Exception {
        Map<String, Object> values = tempauth();
        values.put("container", " volumebackups ");
        values.put("chunk_size_bytes", 33554432);
        SwiftObjectStore store = new SwiftObjectStore(config(values));
        assertEquals("volumebackups", store.defaultContainer("p1"));
        assertEquals("volumebackups", store.defaultContainer("p2"));
        assertEquals(33554432, store.chunkSizeBytes());
    }

    @Test
    public void theDefaultsAreCindersAndTheKeyIsNeverShown() {
        SwiftSettings settings = SwiftObjectStore.settings(config(tempauth()));
        assertEquals(URI.create("http://127.0.0.1:8080/auth/v1.0"), settings.authUrl());
        assertEquals(1, settings.authVersion());
        assertEquals(3, settings.retries());
        assertEquals(Duration.ofSeconds(2), settings.retryBackoff());
        assertEquals(Duration.ofSeconds(60), settings.timeout());
        assertEquals("Default", settings.userDomainName());
        assertEquals(Optional.empty(), settings.storageUrl());
        assertEquals(Optional.empty(), settings.caCertificates());
        assertEquals("testing", settings.key());
        assertFalse(settings.toString(), settings.toString().contains("testing"));
        assertTrue(settings.toString(), settings.toString().contains("test:tester"));
    }

    @Test
    public void optionalValuesAreTakenWhenSet() {
        Map<String, Object> values = tempauth();
        values.put("auth_url", "http://keystone:5000/v3");
        values.put("auth_version", 3);
        values.put("project_name", "service");
        values.put("storage_url", "http://swift:8080/v1/AUTH_abc");
        values.put("ca_certificate_file", "/etc/scoria/ca.pem");
        SwiftSettings settings = SwiftObjectStore.settings(config(values));
        assertEquals(Optional.of(URI.create("http://swift:8080/v1/AUTH_abc")), settings.storageUrl());
        assertEquals(Optional.of(Path.of("/etc/scoria/ca.pem")), settings.caCertificates());
        assertEquals("service", settings.projectName());
    }

    @Test
    public void aWrongConfigurationIsRefusedAtActivation() {
        assertRefused(Map.of("auth_url", ""), "auth.url");
        assertRefused(Map.of("auth_url", "ftp://host/auth"), "auth.url");
        assertRefused(Map.of("auth_version", 2), "auth.version");
        assertRefused(Map.of("user", " "), "user");
        // Keystone scopes the token to a project: without one there is no catalog to find Swift in.
        assertRefused(Map.of("auth_version", 3), "project.name");
        assertRefused(Map.of("chunk_size_bytes", 4096), "chunk.size.bytes");
        assertRefused(Map.of("retry_attempts", -1), "retry.attempts");
        assertRefused(Map.of("timeout_seconds", 0), "timeout.seconds");
        assertRefused(Map.of("container", "a/b"), "container");
    }

    @Test
    public void aCertificateFileThatIsMissingIsRefusedAtActivation() {
        Map<String, Object> values = tempauth();
        values.put("ca_certificate_file", "/nonexistent/ca.pem");
        assertThrows(NoSuchFileException.class, () -> new SwiftObjectStore(config(values)));
    }

    private static void assertRefused(Map<String, Object> change, String property) {
        Map<String, Object> values = tempauth();
        values.putAll(change);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SwiftObjectStore(config(values)));
        assertTrue(e.getMessage(), e.getMessage().contains(property));
    }
}
