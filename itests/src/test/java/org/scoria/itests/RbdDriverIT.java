package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.scoria.driver.rbd.internal.RbdVolumeDriver;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeSpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The RBD driver in the distribution, on a real single-node Ceph cluster: an operator installs
 * the driver's feature and configures a backend; tenants create, extend, snapshot, clone, revert
 * and delete volumes over the Cinder API; what the cluster holds is checked with the {@code rbd}
 * CLI and the data with {@code qemu-img} through librbd, never through the driver's own view.
 * The driver is also called directly, as the volume manager calls it, for what the platform does
 * not expose yet (connection info) and for failures (errors, an unreachable cluster).
 */
public class RbdDriverIT {

    private static final String PROJECT = "rbd-it";
    private static final long GIB = 1L << 30;
    private static final int PATTERN_BYTES = 1 << 20;

    private static CephCluster ceph;
    private static Distribution distribution;
    private static Path work;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    private final ProjectVolumes volumes = new ProjectVolumes("rita", PROJECT, "volume 3.40");
    private final Http http = volumes.http();

    @BeforeClass
    public static void start() throws Exception {
        ceph = CephCluster.start("rbd-it");
        distribution = Distribution.unpack("rbd");
        work = distribution.home().resolve("rbd-it");
        Files.createDirectories(work);
        // As an operator configures a backend: the client with rbd caps on its pool only; a short
        // clone chain so that flattening is exercised; the pool's provisioned capacity read from the images.
        Files.writeString(distribution.etc("org.scoria.driver.rbd-ceph.cfg"), String.join("\n",
                "scoria.backend.name=ceph",
                "rbd.pool=volumes",
                "rbd.ceph.conf=" + ceph.conf(),
                "rbd.user=scoria",
                "rbd.keyring.conf=" + ceph.scoriaKeyring(),
                "rbd.max.clone.depth=2",
                "rbd.exclusive.cinder.pool=false",
                "rados.connect.timeout=5",
                "rados.operation.timeout=10", ""));
        distribution.start();
        ProjectVolumes probe = new ProjectVolumes("probe", PROJECT);
        probe.awaitEndpoint();
        distribution.shell("feature:install scoria-driver-rbd");
        Http admin = new Http(ScoriaTestSupport.ENDPOINT, "admin:" + PROJECT);
        Await.until("backend ceph reporting", 120, () -> cephPool(admin) != null);
        Http.Reply type = admin.post("/v3/" + PROJECT + "/types",
                "{\"volume_type\": {\"name\": \"ceph\", \"extra_specs\": {\"volume_backend_name\": \"ceph\"}}}");
        assertEquals(type.body(), 200, type.status());
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
    }

    @AfterClass
    public static void stop() throws Exception {
        Distribution.stopAndDelete(distribution, ceph);
    }

    private static JsonNode cephPool(Http admin) throws Exception {
        Http.Reply pools = admin.get("/v3/" + PROJECT + "/scheduler-stats/get_pools?detail=true");
        if (pools.status() != 200) {
            return null;
        }
        for (JsonNode pool : pools.json().path("pools")) {
            if (pool.path("name").asText().endsWith("#ceph")) {
                return pool;
            }
        }
        return null;
    }

    @Test
    public void theBackendReportsTheClustersCapacity() throws Exception {
        JsonNode capabilities = cephPool(new Http(ScoriaTestSupport.ENDPOINT, "admin:" + PROJECT)).path("capabilities");
        assertEquals(capabilities.toString(), "ceph", capabilities.path("storage_protocol").asText());
        assertTrue(capabilities.toString(), capabilities.path("thin_provisioning_support").asBoolean());
        // The OSD is a 10 GiB bluestore file: what is used plus what is still writable.
        double total = capabilities.path("total_capacity_gb").asDouble();
        assertTrue(capabilities.toString(), total > 1 && total <= 10);
        assertTrue(capabilities.toString(), capabilities.path("free_capacity_gb").asDouble() > 0);
    }

    @Test
    public void volumesSnapshotsClonesAndRevertsAreWhatTheClusterHolds() throws Exception {
        byte[] first = pattern(1);
        byte[] second = pattern(2);

        String a = volumes.createOfType("ceph", "{\"size\": 1}");
        JsonNode info = ceph.info("volume-" + a);
        assertEquals(GIB, info.path("size").asLong());
        assertTrue(info.toString(), info.path("features").toString().contains("layering"));
        write("volume-" + a, first);

        volumes.action(a, "{\"os-extend\": {\"new_size\": 2}}");
        volumes.awaitStatus(a, "available", 60);
        assertEquals(2 * GIB, ceph.info("volume-" + a).path("size").asLong());

        String snapshot = volumes.snapshot(a);
        JsonNode snapshots = ceph.snapshots("volume-" + a);
        assertEquals(snapshots.toString(), 1, snapshots.size());
        assertEquals("snapshot-" + snapshot, snapshots.get(0).path("name").asText());
        assertEquals("true", snapshots.get(0).path("protected").asText());

        // Written after the snapshot, then reverted: the snapshot's data and the volume's size stay.
        write("volume-" + a, second);
        assertArrayEquals(second, read("volume-" + a));
        volumes.action(a, "{\"revert\": {\"snapshot_id\": \"" + snapshot + "\"}}");
        volumes.awaitStatus(a, "available", 60);
        assertArrayEquals(first, read("volume-" + a));
        assertEquals(2 * GIB, ceph.info("volume-" + a).path("size").asLong());

        // From the snapshot: a copy-on-write clone, grown to its own size.
        String b = volumes.createOfType("ceph", "{\"size\": 3, \"snapshot_id\": \"" + snapshot + "\"}");
        info = ceph.info("volume-" + b);
        assertEquals(3 * GIB, info.path("size").asLong());
        assertParent(info, "volume-" + a, "snapshot-" + snapshot);
        assertArrayEquals(first, read("volume-" + b));

        // The snapshot has a clone: its delete is refused and it stays available, on the cluster too.
        assertEquals(202, http.delete("/v3/" + PROJECT + "/snapshots/" + snapshot).status());
        Await.until("the refused snapshot delete settled", 60, () -> !volumes.snapshotStatus(snapshot).equals("deleting"));
        assertEquals("available", volumes.snapshotStatus(snapshot));
        assertEquals(1, ceph.snapshots("volume-" + a).size());

        // Clones of volumes through a snapshot of the source named after the clone; the third in a
        // chain passes rbd.max.clone.depth=2 and is flattened, its snapshot removed.
        String c = volumes.createOfType("ceph", "{\"size\": 2, \"source_volid\": \"" + a + "\"}");
        assertParent(ceph.info("volume-" + c), "volume-" + a, "volume-" + c + ".clone_snap");
        String d = volumes.createOfType("ceph", "{\"size\": 2, \"source_volid\": \"" + c + "\"}");
        assertParent(ceph.info("volume-" + d), "volume-" + c, "volume-" + d + ".clone_snap");
        String e = volumes.createOfType("ceph", "{\"size\": 2, \"source_volid\": \"" + d + "\"}");
        assertFalse("flattened: " + ceph.info("volume-" + e), ceph.info("volume-" + e).has("parent"));
        assertEquals(0, ceph.snapshots("volume-" + d).size());
        assertArrayEquals(first, read("volume-" + e));

        // A volume with snapshots cannot be deleted (Cinder's rule); without its snapshot's clone, the snapshot can.
        assertEquals(400, http.delete(volumes.path(a)).status());
        volumes.delete(b);
        assertEquals(202, http.delete("/v3/" + PROJECT + "/snapshots/" + snapshot).status());
        Await.until("snapshot deleted", 60, () -> volumes.snapshotStatus(snapshot).equals("gone"));
        assertEquals("only the clone's snapshot is left", List.of("volume-" + c + ".clone_snap"),
                names(ceph.snapshots("volume-" + a)));

        // Deleting a source with clones is lazy: the image is hidden until its last clone goes.
        volumes.delete(a);
        assertTrue(ceph.images().toString(), ceph.images().contains("volume-" + a + ".deleted"));
        volumes.delete(c);
        assertTrue(ceph.images().toString(), ceph.images().contains("volume-" + c + ".deleted"));
        assertArrayEquals("the clone still reads its deleted ancestors' data", first, read("volume-" + d));
        volumes.delete(d);
        List<String> left = ceph.images();
        assertEquals("only the flattened clone is left: " + left, List.of("volume-" + e), left);

        // Deleting a clone of a live volume releases the snapshot made for it.
        String f = volumes.createOfType("ceph", "{\"size\": 2, \"source_volid\": \"" + e + "\"}");
        assertEquals(List.of("volume-" + f + ".clone_snap"), names(ceph.snapshots("volume-" + e)));
        volumes.delete(f);
        assertEquals(List.of(), names(ceph.snapshots("volume-" + e)));
        volumes.delete(e);
        assertEquals(List.of(), ceph.images());
    }

    @Test
    public void updatingTheDriverUnderLoadLosesNothing() throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                creates.add(clients.submit(() -> {
                    Http.Reply reply = http.post("/v3/" + PROJECT + "/volumes",
                            "{\"volume\": {\"size\": 1, \"volume_type\": \"ceph\"}}");
                    assertEquals(reply.body(), 202, reply.status());
                    ids.add(reply.json().path("volume").path("id").asText());
                    return null;
                }));
            }
            Await.until("a few creates accepted", 60, () -> ids.size() >= 5);
            int creatingAtUpdate = count("creating");
            distribution.shell("bundle:update scoria-driver-rbd");
            for (Future<?> create : creates) {
                create.get(120, TimeUnit.SECONDS);
            }
            System.out.println("RBD driver updated with " + creatingAtUpdate + " creates not yet done");
            assertTrue("the update must happen while creates are queued or running", creatingAtUpdate > 0);
            for (String id : ids) {
                volumes.awaitStatus(id, "available", 120);
            }
            List<String> images = ceph.images();
            for (String id : ids) {
                assertTrue(id, images.contains("volume-" + id));
            }

            List<Future<?>> deletes = new ArrayList<>();
            for (String id : ids) {
                deletes.add(clients.submit(() -> {
                    assertEquals(202, http.delete(volumes.path(id)).status());
                    return null;
                }));
            }
            Await.until("a delete accepted", 60, () -> count("deleting") > 0);
            distribution.shell("bundle:update scoria-driver-rbd");
            for (Future<?> delete : deletes) {
                delete.get(120, TimeUnit.SECONDS);
            }
            for (String id : ids) {
                volumes.awaitStatus(id, "gone", 120);
            }
            images = ceph.images();
            for (String id : ids) {
                assertFalse(id, images.contains("volume-" + id));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * What a compute host gets from the driver (Cinder's {@code rbd} connection info) is enough
     * to reach the image: the data written through it, as the restricted client, is what the
     * cluster holds.
     */
    @Test
    public void theConnectionInfoReachesTheImageAsAComputeHostWould() throws Exception {
        RbdVolumeDriver driver = driver(Map.of());
        VolumeSpec volume = new VolumeSpec(UUID.randomUUID().toString(), 1, null);
        try {
            driver.createVolume(volume);
            driver.createVolume(volume);  // a redelivered create succeeds
            ConnectionInfo connection = driver.initializeConnection(volume, Map.of("host", "compute-1", "ip", "127.0.0.1"));
            assertEquals("rbd", connection.driverVolumeType());
            Map<String, Object> data = connection.data();
            assertEquals("volumes/volume-" + volume.id(), data.get("name"));
            assertEquals(List.of("127.0.0.1"), data.get("hosts"));
            assertEquals(List.of("6789"), data.get("ports"));
            assertEquals("scoria", data.get("auth_username"));
            assertEquals(true, data.get("auth_enabled"));
            assertEquals("ceph", data.get("secret_type"));
            assertEquals("ceph", data.get("cluster_name"));
            assertEquals(volume.id(), data.get("volume_id"));
            assertEquals(true, data.get("discard"));

            byte[] bytes = pattern(3);
            writeAsComputeHost(data, bytes);
            assertArrayEquals(bytes, read("volume-" + volume.id()));
        } finally {
            driver.deleteVolume(volume);
            driver.deleteVolume(volume);  // deleting what is gone succeeds
            driver.stop();
        }
        assertFalse(ceph.images().contains("volume-" + volume.id()));
    }

    @Test
    public void dataWrittenThroughOneAttachmentIsReadThroughTheNext() throws Exception {
        String id = volumes.createOfType("ceph", "{\"size\": 1}");
        Map<String, Object> first = attach(id);
        assertEquals("rbd", first.get("driver_volume_type"));
        assertEquals("volumes/volume-" + id, first.get("name"));
        assertEquals("scoria", first.get("auth_username"));
        assertEquals("rw", first.get("access_mode"));
        assertEquals(List.of("127.0.0.1"), first.get("hosts"));
        byte[] bytes = pattern(8);
        writeAsComputeHost(first, bytes);
        Http.Reply refused = http.delete(volumes.path(id));
        assertEquals("an attached volume is not deleted: " + refused.body(), 400, refused.status());
        detach(first);
        assertEquals("available", http.get(volumes.path(id)).json().path("volume").path("status").asText());
        Map<String, Object> second = attach(id);
        assertArrayEquals(bytes, readAsComputeHost(second));
        detach(second);
        volumes.delete(id);
    }

    /**
     * The backup manager reads the image through its connection info (the RBD connector) and
     * writes another; an attached image is read through a temporary clone.
     */
    @Test
    public void aBackupOfAnRbdVolumeRestoresOverAnother() throws Exception {
        String source = volumes.createOfType("ceph", "{\"size\": 1}");
        byte[] bytes = pattern(11);
        write("volume-" + source, bytes);
        ProjectBackups backups = new ProjectBackups(http, PROJECT);
        String backup = backups.create(source, false);
        assertEquals("the pattern's chunk and the manifest", 2, backups.await(backup, "available", 180)
                .get("object_count").asInt());
        assertEquals("available", volumes.status(source));
        String target = volumes.createOfType("ceph", "{\"size\": 1}");
        write("volume-" + target, pattern(12));
        backups.restore(backup, "{\"volume_id\": \"" + target + "\"}");
        volumes.awaitStatus(target, "available", 180);
        assertArrayEquals(bytes, read("volume-" + target));

        // Attached, with force: a clone of the image is read, and the volume stays in-use.
        Map<String, Object> attached = attach(source);
        Http.Reply forced = http.post("/v3/" + PROJECT + "/backups", "{\"backup\": {\"volume_id\": \"" + source
                + "\", \"force\": true}}");
        assertEquals(forced.body(), 202, forced.status());
        String inUse = forced.json().get("backup").get("id").asText();
        backups.await(inUse, "available", 180);
        assertEquals("in-use", volumes.status(source));
        assertTrue(ceph.images().toString(), ceph.images().stream().noneMatch(image -> image.contains("backup-" + inUse)));
        detach(attached);
        write("volume-" + target, pattern(13));
        backups.restore(inUse, "{\"volume_id\": \"" + target + "\"}");
        volumes.awaitStatus(target, "available", 180);
        assertArrayEquals(bytes, read("volume-" + target));
        for (String id : List.of(inUse, backup)) {
            assertEquals(202, backups.delete(id).status());
            backups.awaitGone(id, 60);
        }
        volumes.delete(source);
        volumes.delete(target);
    }

    /** Cinder's rule for a create the driver cannot honour, and librbd's errors as operators read them. */
    @Test
    public void errorsFromLibrbdAreReadable() throws Exception {
        RbdVolumeDriver driver = driver(Map.of());
        VolumeSpec volume = new VolumeSpec(UUID.randomUUID().toString(), 1, null);
        try {
            driver.createVolume(volume);
            DriverException resized = assertThrows(DriverException.class,
                    () -> driver.createVolume(new VolumeSpec(volume.id(), 2, null)));
            assertTrue(resized.getMessage(), resized.getMessage().contains("exists with 1073741824 bytes, not 2147483648"));
            DriverException missing = assertThrows(DriverException.class,
                    () -> driver.extendVolume(new VolumeSpec(UUID.randomUUID().toString(), 1, null), 2));
            assertTrue(missing.getMessage(), missing.getMessage().matches("rbd_open volumes/volume-.* failed: ENOENT \\(-2\\): .*"));
        } finally {
            driver.deleteVolume(volume);
            driver.stop();
        }
        RbdVolumeDriver wrongPool = driver(Map.of("rbd_pool", "no-such-pool"));
        try {
            DriverException e = assertThrows(DriverException.class, wrongPool::getStats);
            assertTrue(e.getMessage(), e.getMessage().contains("no-such-pool") && e.getMessage().contains("ENOENT"));
        } finally {
            wrongPool.stop();
        }
    }

    /**
     * A cluster that does not answer fails the stats call within the connect timeout, so the
     * volume manager reports the backend down instead of hanging.
     */
    @Test
    public void anUnreachableClusterFailsWithinTheConnectTimeout() throws Exception {
        Path conf = work.resolve("unreachable.conf");
        Files.writeString(conf, Files.readString(ceph.conf()).replaceAll("mon host = .*", "mon host = [v1:127.0.0.1:1]"));
        RbdVolumeDriver driver = driver(Map.of("rbd_ceph_conf", conf.toString(), "rados_connect_timeout", 3));
        try {
            long started = System.nanoTime();
            DriverException e = assertThrows(DriverException.class, driver::getStats);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            System.out.println("Unreachable cluster: " + e.getMessage() + " after " + seconds + " s");
            assertTrue(e.getMessage(), e.getMessage().contains("rados_connect"));
            assertTrue("failed after " + seconds + " s", seconds < 15);
        } finally {
            driver.stop();
        }
    }

    /** The driver as the container would activate it for a backend on pool volumes as client.scoria. */
    private static RbdVolumeDriver driver(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("scoria_backend_name", "direct", "rbd_pool", "volumes",
                "rbd_ceph_conf", ceph.conf().toString(), "rbd_user", "scoria",
                "rbd_keyring_conf", ceph.scoriaKeyring().toString(), "rados_connect_timeout", 5,
                "rados_operation_timeout", 10));
        values.putAll(overrides);
        return new RbdVolumeDriver(Configs.of(RbdVolumeDriver.Config.class, values));
    }

    private int count(String status) throws Exception {
        int count = 0;
        for (JsonNode volume : http.get("/v3/" + PROJECT + "/volumes/detail?limit=1000").json().path("volumes")) {
            if (status.equals(volume.path("status").asText())) {
                count++;
            }
        }
        return count;
    }

    private static void assertParent(JsonNode info, String image, String snapshot) {
        JsonNode parent = info.path("parent");
        assertEquals(info.toString(), "volumes", parent.path("pool").asText());
        assertEquals(info.toString(), image, parent.path("image").asText());
        assertEquals(info.toString(), snapshot, parent.path("snapshot").asText());
    }

    private static List<String> names(JsonNode snapshots) {
        List<String> names = new ArrayList<>();
        snapshots.forEach(snapshot -> names.add(snapshot.path("name").asText()));
        return names;
    }

    private static byte[] pattern(int seed) {
        byte[] bytes = new byte[PATTERN_BYTES];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * What os-brick's RBD connector makes of connection info: the keyring into a file, and
     * librbd pointed at the monitors it names, as a qemu-img target.
     */
    private static String computeHostTarget(Map<String, Object> data) throws IOException {
        Path keyring = work.resolve("compute-keyring");
        Files.writeString(keyring, (String) data.get("keyring"));
        @SuppressWarnings("unchecked")
        List<Object> ports = (List<Object>) data.get("ports");
        @SuppressWarnings("unchecked")
        String monitors = String.join(";", ((List<Object>) data.get("hosts")).stream()
                .map(host -> host + "\\:" + ports.get(0)).toList());
        return "rbd:" + data.get("name") + ":mon_host=" + monitors + ":id=" + data.get("auth_username")
                + ":keyring=" + keyring + ":auth_supported=cephx";
    }

    private static void writeAsComputeHost(Map<String, Object> data, byte[] bytes) throws Exception {
        Path file = work.resolve("compute-pattern");
        Files.write(file, bytes);
        Run written = Run.of("qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", file.toString(),
                computeHostTarget(data));
        Files.delete(file);
        assertEquals(written.output(), 0, written.exit());
    }

    private static byte[] readAsComputeHost(Map<String, Object> data) throws Exception {
        Path file = work.resolve("compute-read");
        Run run = Run.of("qemu-img", "dd", "-f", "raw", "-O", "raw", "bs=" + PATTERN_BYTES, "count=1",
                "if=" + computeHostTarget(data), "of=" + file);
        assertEquals(run.output(), 0, run.exit());
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    /** Attaches the volume through the attachments API (create with a connector, complete); returns the connection info. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> attach(String volumeId) throws Exception {
        Http attachments = new Http(ScoriaTestSupport.ENDPOINT, "rita:" + PROJECT, "volume 3.54");
        Http.Reply created = attachments.post("/v3/" + PROJECT + "/attachments", "{\"attachment\": {\"volume_uuid\": \""
                + volumeId + "\", \"connector\": {\"host\": \"compute-1\", \"ip\": \"127.0.0.1\"}}}");
        assertEquals(created.body(), 200, created.status());
        JsonNode attachment = created.json().get("attachment");
        Http.Reply completed = attachments.post("/v3/" + PROJECT + "/attachments/" + attachment.get("id").asText()
                + "/action", "{\"os-complete\": null}");
        assertEquals(completed.body(), 204, completed.status());
        assertEquals("in-use", http.get(volumes.path(volumeId)).json().path("volume").path("status").asText());
        Map<String, Object> info = Http.JSON.convertValue(attachment.get("connection_info"), Map.class);
        info.put("attachment", attachment.get("id").asText());
        return info;
    }

    private void detach(Map<String, Object> info) throws Exception {
        Http attachments = new Http(ScoriaTestSupport.ENDPOINT, "rita:" + PROJECT, "volume 3.54");
        Http.Reply deleted = attachments.delete("/v3/" + PROJECT + "/attachments/" + info.get("attachment"));
        assertEquals(deleted.body(), 200, deleted.status());
    }

    /** Writes the bytes at the start of the image through librbd (qemu-img's rbd protocol). */
    private static void write(String image, byte[] bytes) throws Exception {
        Path file = work.resolve("pattern-" + System.nanoTime());
        Files.write(file, bytes);
        Run run = Run.of("qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", file.toString(), ceph.qemuTarget(image));
        Files.delete(file);
        assertEquals(run.output(), 0, run.exit());
    }

    /** Reads as many bytes as a pattern from the start of the image through librbd. */
    private static byte[] read(String image) throws Exception {
        Path file = work.resolve("read-" + System.nanoTime());
        Run run = Run.of("qemu-img", "dd", "-f", "raw", "-O", "raw", "bs=" + PATTERN_BYTES, "count=1",
                "if=" + ceph.qemuTarget(image), "of=" + file);
        assertEquals(run.output(), 0, run.exit());
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }
}
