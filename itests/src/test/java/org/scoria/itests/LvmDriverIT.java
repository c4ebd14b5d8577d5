package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.scoria.driver.lvm.internal.LvmVolumeDriver;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeSpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The LVM driver in the distribution, managing a real storage node (a Debian VM with its own
 * kernel: device-mapper thin pools and tgt) over SSH: an operator makes a volume group and
 * configures a backend; tenants create, extend, snapshot, clone, revert, attach and delete volumes
 * over the Cinder API. What the node holds is checked with {@code lvs} and {@code tgtadm} on the
 * node, the data with {@code dd} there, and attachments through the returned iSCSI connection
 * info with a user-space initiator on this host ({@code qemu-img} over libiscsi, with CHAP) —
 * never through the driver's own view.
 */
public class LvmDriverIT {

    private static final String PROJECT = "lvm-it";
    private static final String GROUP = "scoria-volumes";
    private static final long GIB = 1L << 30;

    private static StorageNode node;
    private static Distribution distribution;
    private static Path work;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    private final ProjectVolumes volumes = new ProjectVolumes("lena", PROJECT, "volume 3.54");
    private final Http http = volumes.http();
    private final Http admin = new Http(ScoriaTestSupport.ENDPOINT, "admin:" + PROJECT, "volume 3.54");
    private final IscsiConsumer host = new IscsiConsumer(http, PROJECT, work);

    @BeforeClass
    public static void start() throws Exception {
        node = StorageNode.boot();
        // The driver makes the thin pool in the operator's volume group.
        distribution = LvmPlatform.start(node, "lvm", GROUP, PROJECT);
        work = distribution.home().resolve("lvm-it");
        Files.createDirectories(work);
    }

    @AfterClass
    public static void stop() throws Exception {
        Distribution.stopAndDelete(distribution, node);
    }

    @Test
    public void theBackendReportsTheThinPoolItMade() throws Exception {
        JsonNode capabilities = LvmPlatform.pool(PROJECT, "lvm");
        assertEquals(capabilities.toString(), "iSCSI", capabilities.path("storage_protocol").asText());
        assertTrue(capabilities.toString(), capabilities.path("thin_provisioning_support").asBoolean());
        assertEquals(capabilities.toString(), GROUP + "-pool", capabilities.path("thin_pool_name").asText());
        // The pool takes 95 % of the 20 GiB data disk.
        double total = capabilities.path("total_capacity_gb").asDouble();
        assertTrue(capabilities.toString(), total > 15 && total < 20);
        assertTrue(capabilities.toString(), capabilities.has("thin_pool_metadata_percent"));
        JsonNode pool = lvs(GROUP + "-pool");
        assertTrue(pool.toString(), pool.path("lv_attr").asText().startsWith("t"));
    }

    @Test
    public void volumesSnapshotsClonesAndRevertsAreWhatTheNodeHolds() throws Exception {
        String a = volumes.createOfType("lvm", "{\"size\": 1}");
        JsonNode lv = lvs("volume-" + a);
        assertEquals(GIB, lv.path("lv_size").asLong());
        assertTrue("a thin volume: " + lv, lv.path("lv_attr").asText().startsWith("V"));
        assertEquals(GROUP + "-pool", lv.path("pool_lv").asText());
        String first = writeOnNode("volume-" + a);

        volumes.action(a, "{\"os-extend\": {\"new_size\": 2}}");
        volumes.awaitStatus(a, "available", 60);
        assertEquals(2 * GIB, lvs("volume-" + a).path("lv_size").asLong());

        String snapshot = volumes.snapshot(a);
        JsonNode snapshotLv = lvs("_snapshot-" + snapshot);
        assertEquals("volume-" + a, snapshotLv.path("origin").asText());
        assertTrue("a thin snapshot: " + snapshotLv, snapshotLv.path("lv_attr").asText().startsWith("V"));

        // Written after the snapshot, then reverted: the snapshot's data, the volume's size, the snapshot stays.
        String second = writeOnNode("volume-" + a);
        assertNotEquals(first, second);
        volumes.action(a, "{\"revert\": {\"snapshot_id\": \"" + snapshot + "\"}}");
        volumes.awaitStatus(a, "available", 60);
        assertEquals(first, md5OnNode("volume-" + a));
        assertEquals(2 * GIB, lvs("volume-" + a).path("lv_size").asLong());
        assertTrue(lvNames().contains("_snapshot-" + snapshot));

        // From the snapshot, grown to its own size; and a clone of the volume: thin snapshots.
        String b = volumes.createOfType("lvm", "{\"size\": 3, \"snapshot_id\": \"" + snapshot + "\"}");
        JsonNode bLv = lvs("volume-" + b);
        assertEquals(3 * GIB, bLv.path("lv_size").asLong());
        assertEquals("_snapshot-" + snapshot, bLv.path("origin").asText());
        assertEquals(first, md5OnNode("volume-" + b));
        String c = volumes.createOfType("lvm", "{\"size\": 2, \"source_volid\": \"" + a + "\"}");
        assertEquals(first, md5OnNode("volume-" + c));

        // Thin volumes do not depend on their origins: the snapshot and its volume go, the copies keep their data.
        assertEquals(202, http.delete("/v3/" + PROJECT + "/snapshots/" + snapshot).status());
        Await.until("snapshot deleted", 60, () -> volumes.snapshotStatus(snapshot).equals("gone"));
        volumes.delete(a);
        assertEquals(first, md5OnNode("volume-" + b));
        volumes.delete(b);
        volumes.delete(c);
        assertEquals(List.of(GROUP + "-pool"), lvNames());
    }

    @Test
    public void attachingExportsOverIscsiWithChapAndDetachingRemovesTheTarget() throws Exception {
        String id = volumes.createOfType("lvm", "{\"size\": 1}");
        String hostA = "iqn.1993-08.org.debian:01:host-a";
        JsonNode attachment = host.attach(id, hostA);
        JsonNode info = attachment.path("connection_info");
        assertEquals(info.toString(), "iscsi", info.path("driver_volume_type").asText());
        String iqn = "iqn.2010-10.org.openstack:volume-" + id;
        assertEquals(iqn, info.path("target_iqn").asText());
        assertEquals("127.0.0.1:" + StorageNode.ISCSI_PORT, info.path("target_portal").asText());
        assertEquals(1, info.path("target_lun").asInt());
        assertEquals("CHAP", info.path("auth_method").asText());
        assertEquals(info.toString(), List.of(iqn), names(info.path("target_iqns")));
        assertTrue(targets().contains(iqn));

        // A compute host writes through the connection info; the node's logical volume holds it.
        byte[] pattern = IscsiConsumer.pattern(1);
        host.write(info, pattern, id);
        assertEquals(IscsiConsumer.md5(pattern), md5OnNode("volume-" + id));
        // Without the volume's own secret the target refuses the login.
        Run refused = IscsiConsumer.loginWith(info, "not-the-secret-1");
        assertNotEquals(refused.output(), 0, refused.exit());
        assertTrue(refused.output(), refused.output().contains("Authentication failure"));

        // A second host (multiattach) gets the same target and credentials, twice (two servers on
        // it): the first host detaching keeps the target, and so does the second host's first detach.
        String hostB = "iqn.1993-08.org.debian:01:host-b";
        JsonNode second = host.attach(id, hostB);
        JsonNode third = host.attach(id, hostB);
        assertEquals(info.path("auth_password").asText(), second.path("connection_info").path("auth_password").asText());
        host.detach(attachment.path("id").asText());
        assertTrue("still exported to host b", targets().contains(iqn));
        host.detach(third.path("id").asText());
        assertTrue("still exported to host b's other server", targets().contains(iqn));
        assertArrayEquals(pattern, host.read(second.path("connection_info"), "after-a-" + id));

        host.detach(second.path("id").asText());
        assertFalse("the last detach removes the target", targets().contains(iqn));
        assertEquals("", node.sh("ls /etc/tgt/conf.d").strip());
        volumes.awaitStatus(id, "available", 30);
        volumes.delete(id);
    }

    @Test
    public void exportsComeBackAfterTheNodeRestarts() throws Exception {
        String id = volumes.createOfType("lvm", "{\"size\": 1}");
        JsonNode attachment = host.attach(id, "iqn.1993-08.org.debian:01:host-r");
        JsonNode info = attachment.path("connection_info");
        byte[] pattern = IscsiConsumer.pattern(3);
        host.write(info, pattern, id);

        long started = System.nanoTime();
        node.restart();
        System.out.println("Storage node restarted in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
        // The target is served again (tgt's own configuration at boot, or the driver's next stats
        // round), with the same credentials: the consumer reads its data through the same info.
        Await.until("target of volume " + id + " served again", 120, () -> targets().contains(info.path("target_iqn").asText()));
        // Not before tgt.service has loaded its (empty) configuration: tgtd takes logins once it is ready.
        assertTrue(node.sh("tgtadm --lld iscsi --op show --mode sys").contains("State: ready"));
        // The node's root disk starts pristine at every boot (tgt's configuration is gone): the driver exported it again.
        assertTrue(Files.readString(distribution.karafLog()).contains("does not serve the target of /dev/" + GROUP
                + "/volume-" + id));
        assertArrayEquals(pattern, host.read(info, "after-restart-" + id));

        host.detach(attachment.path("id").asText());
        volumes.awaitStatus(id, "available", 30);
        volumes.delete(id);
    }

    @Test
    public void aNodeThatStopsAnsweringMakesTheBackendDownNotAHungRequest() throws Exception {
        awaitBackendState("up");
        node.freeze();
        try {
            long started = System.nanoTime();
            awaitBackendState("down");
            System.out.println("Frozen storage node: backend down after "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
            // Called directly, as the volume manager calls it: it fails within its timeouts.
            LvmVolumeDriver driver = driver(Map.of("ssh_connect_timeout", 3, "command_timeout", 5));
            try {
                long call = System.nanoTime();
                try {
                    driver.getStats();
                    fail("a frozen node answered");
                } catch (DriverException expected) {
                    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - call);
                    System.out.println("Frozen storage node: " + expected.getMessage() + " after " + seconds + " s");
                    assertTrue("failed after " + seconds + " s", seconds <= 10);
                }
            } finally {
                driver.stop();
            }
        } finally {
            node.thaw();
        }
        awaitBackendState("up");
    }

    /**
     * The driver's image writes, as the volume manager calls them with a staged image: this host's
     * qemu-img writes the image onto the node's logical volume over its iSCSI export (libiscsi, CHAP),
     * then another image over it; each export ends with its write.
     */
    @Test
    public void imagesAreWrittenOntoVolumesOverIscsi() throws Exception {
        long mib = 1 << 20;
        Path raw = work.resolve("image.raw");
        VolumeBytes.writeRandom(raw, 0, 3 * mib, 41);
        VolumeBytes.writeRandom(raw, 4 * mib, mib, 42);
        Path qcow2 = work.resolve("image.qcow2");
        assertEquals(0, Run.of("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString())
                .exit());
        LvmVolumeDriver direct = driver(Map.of());
        VolumeSpec volume = new VolumeSpec(UUID.randomUUID().toString(), 1, null);
        try {
            direct.createVolume(volume);
            direct.copyImageToVolume(volume, qcow2, "qcow2");
            assertEquals("the image's disk, converted", IscsiConsumer.md5(Files.readAllBytes(raw)),
                    headMd5OnNode(volume.storageName(), Files.size(raw)));
            assertFalse("the export ends with the transfer", targets().contains("iqn.2010-10.org.openstack:"
                    + volume.storageName()));

            // Data where the first image has its hole, zeros where it has data: they read zeros after the reimage.
            Path next = work.resolve("next.raw");
            VolumeBytes.writeRandom(next, 3 * mib, mib, 43);
            direct.reimageVolume(volume, next, "raw");
            assertEquals(IscsiConsumer.md5(Files.readAllBytes(next)), headMd5OnNode(volume.storageName(), Files.size(next)));
            assertFalse(targets().contains("iqn.2010-10.org.openstack:" + volume.storageName()));
        } finally {
            direct.deleteVolume(volume);
            direct.stop();
        }
    }

    @Test
    public void aFailedCommandSaysWhatTheNodeAnswered() throws Exception {
        LvmVolumeDriver driver = driver(Map.of("volume_group", "no-such-group"));
        try {
            driver.createVolume(new VolumeSpec(UUID.randomUUID().toString(), 1, null));
            fail("created a volume in a volume group that does not exist");
        } catch (DriverException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Volume group \"no-such-group\" not found"));
            assertTrue(e.getMessage(), e.getMessage().contains("root@127.0.0.1:" + StorageNode.SSH_PORT));
        } finally {
            driver.stop();
        }
    }

    /** The driver as the container would activate it for this node, with overrides. */
    private static LvmVolumeDriver driver(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("scoria_backend_name", "direct", "volume_group", GROUP,
                "ssh_host", "127.0.0.1", "ssh_port", StorageNode.SSH_PORT, "ssh_private_key", node.privateKey().toString(),
                "target_ip_address", "127.0.0.1", "target_port", StorageNode.ISCSI_PORT));
        values.putAll(overrides);
        return new LvmVolumeDriver(Configs.of(LvmVolumeDriver.Config.class, values));
    }

    private void awaitBackendState(String state) throws InterruptedException {
        Await.until("backend lvm " + state, 90, () -> {
            for (JsonNode service : admin.get("/v3/" + PROJECT + "/os-services?binary=cinder-volume").json().path("services")) {
                if (service.path("host").asText().endsWith("@lvm")) {
                    return state.equals(service.path("backend_state").asText());
                }
            }
            return false;
        });
    }

    /** {@code lvs} on the node for one logical volume of the group, as JSON. */
    private static JsonNode lvs(String name) throws Exception {
        String report = node.sh("lvs --reportformat json --units b --nosuffix -o lv_name,lv_size,lv_attr,pool_lv,origin,lv_tags "
                + GROUP + "/" + name + " 2>/dev/null");
        return Http.JSON.readTree(report).path("report").get(0).path("lv").get(0);
    }

    private static List<String> lvNames() throws Exception {
        return node.sh("lvs --noheadings -o lv_name " + GROUP + " 2>/dev/null").lines().map(String::strip)
                .filter(name -> !name.isEmpty()).sorted().toList();
    }

    private static List<String> targets() throws Exception {
        return node.sh("tgtadm --lld iscsi --op show --mode target").lines().filter(line -> line.startsWith("Target "))
                .map(line -> line.substring(line.indexOf(": ") + 2).strip()).toList();
    }

    /** Writes fresh random data over the first MiB of a logical volume on the node; returns its MD5. */
    private static String writeOnNode(String name) throws Exception {
        return node.sh("head -c " + IscsiConsumer.PATTERN_BYTES + " /dev/urandom > /root/pattern && dd if=/root/pattern of="
                + device(name) + " bs=1M oflag=direct status=none && md5sum < /root/pattern").split(" ")[0];
    }

    /** The MD5 of the first {@code bytes} of a logical volume on the node. */
    private static String headMd5OnNode(String name, long bytes) throws Exception {
        return node.sh("head -c " + bytes + " " + device(name) + " | md5sum").split(" ")[0];
    }

    private static String md5OnNode(String name) throws Exception {
        return node.md5(device(name));
    }

    private static String device(String name) {
        return "/dev/" + GROUP + "/" + name;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(element -> names.add(element.asText()));
        return names;
    }
}
