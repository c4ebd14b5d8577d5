package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.backup.swift.internal.SwiftObjectStore;
import org.scoria.spi.backup.ObjectMissingException;
import org.scoria.spi.backup.ObjectStoreException;

/**
 * The Swift backup store called directly, as the backup manager calls it, against a real
 * single-node Swift with tempauth; what it stored is checked with the {@code swift} CLI.
 */
public class SwiftObjectStoreIT {

    private static SwiftCluster swift;

    @BeforeClass
    public static void start() throws Exception {
        swift = SwiftCluster.start("store-it");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (swift != null) {
            swift.close();
        }
    }

    private static SwiftObjectStore store(Map<String, Object> overrides) throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("auth_url", swift.authUrl(), "user", swift.user(),
                "key", swift.key(), "retry_backoff_seconds", 0));
        values.putAll(overrides);
        return new SwiftObjectStore(Configs.of(SwiftObjectStore.Config.class, values));
    }

    @Test
    public void objectsGoUpWholeUnderTheirNamesAndComeBackWhole() throws Exception {
        SwiftObjectStore store = store(Map.of());
        assertEquals("backups-p1", store.defaultContainer("p1"));
        store.ensureContainer("backups-p1");
        store.ensureContainer("backups-p1");
        byte[] chunk = new byte[3 << 20];
        new Random(1).nextBytes(chunk);
        String name = "volume_v1/20261124 0900/az_nova_backup_b1-00001";
        store.put("backups-p1", name, chunk);
        store.put("backups-p1", "volume_v1/20261124 0900/az_nova_backup_b1_metadata", new byte[0]);
        store.put("backups-p1", "volume_v2/other", "x".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(chunk, store.get("backups-p1", name));
        assertArrayEquals("what the CLI downloads", chunk, swift.download("backups-p1", name));
        assertArrayEquals(new byte[0], store.get("backups-p1", "volume_v1/20261124 0900/az_nova_backup_b1_metadata"));
        List<String> listed = List.of("volume_v1/20261124 0900/az_nova_backup_b1-00001",
                "volume_v1/20261124 0900/az_nova_backup_b1_metadata");
        assertEquals(listed, store.list("backups-p1", "volume_v1/"));
        assertEquals(listed, swift.objects("backups-p1", "volume_v1/"));
        assertEquals(List.of(), store.list("backups-absent", ""));

        store.delete("backups-p1", name);
        store.delete("backups-p1", name);
        assertThrows(ObjectMissingException.class, () -> store.get("backups-p1", name));
        assertEquals(List.of("volume_v1/20261124 0900/az_nova_backup_b1_metadata"), swift.objects("backups-p1", "volume_v1/"));
    }

    @Test
    public void anUploadToAMissingContainerSaysSo() throws Exception {
        ObjectStoreException e = assertThrows(ObjectStoreException.class,
                () -> store(Map.of()).put("never-made", "o", new byte[] {1}));
        assertTrue(e.getMessage(), e.getMessage().contains("object o in container never-made"));
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 404, the container does not exist"));
    }

    @Test
    public void aWrongKeyIsRefusedAtOnceAndNotShown() throws Exception {
        SwiftObjectStore store = store(Map.of("key", "not-the-key", "retry_attempts", 3, "retry_backoff_seconds", 30));
        long started = System.nanoTime();
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> store.get("backups-p1", "o"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("GET object o in container backups-p1: authentication as test:tester"));
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 401"));
        assertFalse(e.getMessage(), e.getMessage().contains("not-the-key"));
        assertTrue("no retries with backoff", System.nanoTime() - started < 10_000_000_000L);
    }

    @Test
    public void aConfiguredStorageUrlIsUsedInsteadOfTheAnsweredOne() throws Exception {
        String account = swift.authUrl().replace("/auth/v1.0", "/v1/AUTH_test");
        SwiftObjectStore store = store(Map.of("storage_url", account + "/", "container", "volumebackups"));
        assertEquals("volumebackups", store.defaultContainer("any project"));
        store.ensureContainer("volumebackups");
        store.put("volumebackups", "o", new byte[] {7});
        assertEquals(List.of("o"), swift.objects("volumebackups", ""));

        SwiftObjectStore unreachable = store(Map.of("storage_url", "http://127.0.0.1:1/v1/AUTH_test", "retry_attempts", 0));
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> unreachable.ensureContainer("c"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("PUT container c failed 1 time: java.net.ConnectException"));
    }
}
