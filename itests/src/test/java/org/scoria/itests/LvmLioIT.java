package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The LVM driver with {@code target.helper=lioadm}: a storage node whose iSCSI target is the
 * kernel's LIO (tgt stopped, as both want port 3260), driven through {@code targetcli}. What LIO
 * serves is read from its configfs tree on the node, the data through the returned connection
 * info with libiscsi on this host.
 */
public class LvmLioIT {

    private static final String PROJECT = "lio-it";
    private static final String GROUP = "scoria-lio";
    private static final String TARGETS = "/sys/kernel/config/target/iscsi";

    private static StorageNode node;
    private static Distribution distribution;
    private static Path work;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    private final ProjectVolumes volumes = new ProjectVolumes("lisa", PROJECT, "volume 3.54");
    private final IscsiConsumer host = new IscsiConsumer(volumes.http(), PROJECT, work);

    @BeforeClass
    public static void start() throws Exception {
        node = StorageNode.boot();
        node.sh("systemctl stop tgt");
        distribution = LvmPlatform.start(node, "lio", GROUP, PROJECT, "target.helper=lioadm");
        work = distribution.home().resolve("lio-it");
        Files.createDirectories(work);
    }

    @AfterClass
    public static void stop() throws Exception {
        Distribution.stopAndDelete(distribution, node);
    }

    @Test
    public void lioServesTheVolumeWithChapAtLunZeroUntilTheLastDetach() throws Exception {
        String id = volumes.createOfType("lio", "{\"size\": 1}");
        String iqn = "iqn.2010-10.org.openstack:volume-" + id;
        JsonNode first = host.attach(id, "iqn.1993-08.org.debian:01:host-a");
        JsonNode info = first.path("connection_info");
        assertEquals(info.toString(), "iscsi", info.path("driver_volume_type").asText());
        assertEquals(iqn, info.path("target_iqn").asText());
        assertEquals("LIO numbers the volume's LUN 0: " + info, 0, info.path("target_lun").asInt());
        assertEquals("CHAP", info.path("auth_method").asText());
        assertTrue(served().contains(iqn));
        // The portal group asks for the volume's own credentials; its backstore is the volume's LV.
        assertEquals(info.path("auth_username").asText(),
                node.sh("cat " + TARGETS + "/" + iqn + "/tpgt_1/auth/userid").strip());
        assertEquals("1", node.sh("cat " + TARGETS + "/" + iqn + "/tpgt_1/attrib/authentication").strip());
        assertTrue(node.sh("cat /sys/kernel/config/target/core/iblock_*/volume-" + id + "/udev_path")
                .contains("/dev/" + GROUP + "/volume-" + id));

        byte[] pattern = IscsiConsumer.pattern(7);
        host.write(info, pattern, id);
        assertEquals(IscsiConsumer.md5(pattern), node.md5("/dev/" + GROUP + "/volume-" + id));
        Run refused = IscsiConsumer.loginWith(info, "not-the-secret-1");
        assertNotEquals(refused.output(), 0, refused.exit());
        assertTrue(refused.output(), refused.output().contains("Authentication failure"));
        // targetcli saved it for LIO's restore at boot.
        assertTrue(node.sh("cat /etc/rtslib-fb-target/saveconfig.json").contains(iqn));

        JsonNode second = host.attach(id, "iqn.1993-08.org.debian:01:host-b");
        host.detach(first.path("id").asText());
        assertTrue("still exported to host b", served().contains(iqn));
        assertArrayEquals(pattern, host.read(second.path("connection_info"), "host-b-" + id));

        host.detach(second.path("id").asText());
        assertFalse("the last detach removes the target", served().contains(iqn));
        assertEquals("the backstore goes with it", "",
                node.sh("ls -d /sys/kernel/config/target/core/iblock_*/volume-" + id + " 2>/dev/null || true").strip());
        assertFalse(node.sh("cat /etc/rtslib-fb-target/saveconfig.json").contains(iqn));
        volumes.awaitStatus(id, "available", 30);
        volumes.delete(id);
    }

    private static List<String> served() throws Exception {
        return node.sh("ls -1 " + TARGETS).lines().filter(line -> line.startsWith("iqn.")).toList();
    }
}
