package org.scoria.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The distribution with one LVM backend managing a storage node over SSH, set up as an operator
 * would: a volume group on the node's data disk, the backend's factory configuration, the
 * feature, a volume type for the backend, and no quota in the way.
 */
final class LvmPlatform {

    private LvmPlatform() {
    }

    /**
     * Starts the distribution once the backend reports its pool; {@code settings} add to or override
     * the backend's. A distribution that started but could not be set up is stopped again.
     */
    static Distribution start(StorageNode node, String backend, String group, String project, String... settings)
            throws Exception {
        node.sh("pvcreate -q /dev/vdb && vgcreate -q " + group + " /dev/vdb");
        Distribution distribution = Distribution.unpack(backend);
        try {
            setUp(distribution, backend, group, project, node, settings);
        } catch (Exception | AssertionError e) {
            Distribution.stopAndDelete(distribution, null);
            throw e;
        }
        return distribution;
    }

    private static void setUp(Distribution distribution, String backend, String group, String project, StorageNode node,
            String... settings) throws Exception {
        List<String> config = new ArrayList<>(List.of(
                "scoria.backend.name=" + backend,
                "volume.group=" + group,
                "lvm.type=thin",
                "ssh.host=127.0.0.1",
                "ssh.port=" + StorageNode.SSH_PORT,
                "ssh.private.key=" + node.privateKey(),
                "ssh.connect.timeout=5",
                "command.timeout=20",
                // The node's target listens on 3260 inside the VM; consumers reach it through the forwarded port.
                "target.ip.address=127.0.0.1",
                "target.port=" + StorageNode.ISCSI_PORT));
        config.addAll(Arrays.asList(settings));
        config.add("");
        Files.writeString(distribution.etc("org.scoria.driver.lvm-" + backend + ".cfg"), String.join("\n", config));
        distribution.start();
        new ProjectVolumes("probe", project).awaitEndpoint();
        distribution.shell("feature:install scoria-driver-lvm");
        Await.until("backend " + backend + " reporting", 120, () -> pool(project, backend) != null);
        Http admin = new Http(ScoriaTestSupport.ENDPOINT, "admin:" + project);
        Http.Reply type = admin.post("/v3/" + project + "/types", "{\"volume_type\": {\"name\": \"" + backend
                + "\", \"extra_specs\": {\"volume_backend_name\": \"" + backend + "\", \"multiattach\": \"<is> True\"}}}");
        assertEquals(type.body(), 200, type.status());
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, project);
    }

    /** The capabilities the backend's pool reports to the scheduler, or null before it has reported. */
    static JsonNode pool(String project, String backend) throws IOException {
        Http.Reply pools = new Http(ScoriaTestSupport.ENDPOINT, "admin:" + project)
                .get("/v3/" + project + "/scheduler-stats/get_pools?detail=true");
        if (pools.status() != 200) {
            return null;
        }
        for (JsonNode pool : pools.json().path("pools")) {
            if (pool.path("name").asText().endsWith("#" + backend)) {
                return pool.path("capabilities");
            }
        }
        return null;
    }
}
