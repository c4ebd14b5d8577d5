package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

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
 * Debian's real OpenStack clients against a running distribution, unchanged: the cinder CLI
 * (python-cinderclient 9.1, microversion 3.70, its noauth plugin) and the openstack CLI
 * (python-openstackclient 6.0, keystoneauth's "none" and cinderclient's "noauth" plugins).
 * scripts/test installs them when missing. Their commands run through the clients' own entry
 * points in one Python process ({@link OpenStackClients}); the {@code /usr/bin} commands
 * themselves are checked to be installed, and KeystoneIT runs the installed {@code openstack}.
 */
public class OpenStackClientsIT {

    private static final String ENDPOINT = "http://127.0.0.1:8776";
    private static final String PROJECT = "clients-it";
    private static Distribution distribution;
    private static OpenStackClients clients;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    @BeforeClass
    public static void start() throws Exception {
        for (String client : List.of("/usr/bin/cinder", "/usr/bin/openstack")) {
            assertTrue(client + " is missing: scripts/test installs it (python3-cinderclient, python3-openstackclient)",
                    Files.isExecutable(Path.of(client)));
        }
        clients = OpenStackClients.start();
        distribution = Distribution.unpack("clients");
        distribution.start();
        Http http = new Http(ENDPOINT, "probe:" + PROJECT);
        Await.until("the REST endpoint", 120, () -> http.get("/v3/" + PROJECT + "/volumes").status() == 200);
    }

    @AfterClass
    public static void stop() throws Exception {
        Distribution.stopAndDelete(distribution, clients);
    }

    @Test
    public void cinderCliManagesVolumesAtItsHighestMicroversion() throws Exception {
        Run created = cinder(PROJECT, "create", "--name", "cinder-cli", "--description", "from the cinder CLI", "1");
        assertEquals(created.output(), 0, created.exit());
        assertTrue(created.output(), created.output().matches("(?s).*\\| status\\s+\\| creating\\s+\\|.*"));
        assertTrue("fields of microversion 3.65 are shown: " + created.output(), created.output().contains("consumes_quota"));
        String id = property(created.output(), "id");

        awaitCinderStatus(PROJECT, id, "available");
        Run shown = cinder(PROJECT, "show", id);
        assertEquals(shown.output(), "cinder-cli", property(shown.output(), "name"));
        assertEquals("1", property(shown.output(), "size"));
        assertEquals("from the cinder CLI", property(shown.output(), "description"));

        Run listed = cinder(PROJECT, "list");
        assertTrue(listed.output(), listed.output().contains(id) && listed.output().contains("available"));

        Run summary = cinder(PROJECT, "summary");
        assertEquals(summary.output(), "1", property(summary.output(), "total_count"));
        assertEquals("1", property(summary.output(), "total_size"));
        Run zones = cinder(PROJECT, "availability-zone-list");
        assertTrue(zones.output(), zones.output().matches("(?s).*\\| nova\\s+\\| available\\s+\\|.*"));

        assertEquals(0, cinder(PROJECT, "metadata", id, "set", "tier=gold", "app=db").exit());
        assertEquals("db", property(cinder(PROJECT, "metadata-show", id).output(), "app"));
        assertEquals(0, cinder(PROJECT, "metadata", id, "unset", "app").exit());
        Run byMetadata = cinder(PROJECT, "list", "--metadata", "tier=gold");
        assertTrue(byMetadata.output(), byMetadata.output().contains(id));
        assertTrue(cinder(PROJECT, "list", "--metadata", "tier=silver").output().lines().noneMatch(line -> line.contains(id)));
        assertEquals(0, cinder(PROJECT, "extend", id, "2").exit());
        await("volume " + id + " extended to 2 GiB", () -> {
            Run now = cinder(PROJECT, "show", id);
            return property(now.output(), "status").equals("available") && property(now.output(), "size").equals("2");
        });
        assertEquals(0, cinder(PROJECT, "set-bootable", id, "true").exit());
        assertEquals(0, cinder(PROJECT, "readonly-mode-update", id, "True").exit());
        Run flagged = cinder(PROJECT, "show", id);
        assertEquals("true", property(flagged.output(), "bootable"));
        assertEquals("cinder shows the read-only flag as its own row", "True", property(flagged.output(), "readonly"));
        Run memberReset = cinder(PROJECT, "reset-state", "--state", "error", id);
        assertNotEquals(memberReset.output(), 0, memberReset.exit());
        assertTrue(memberReset.output(), memberReset.output().contains("Policy doesn't allow"));
        Run adminReset = cinderAs("admin", PROJECT, "reset-state", "--state", "error", id);
        assertEquals(adminReset.output(), 0, adminReset.exit());
        assertEquals("error", property(cinder(PROJECT, "show", id).output(), "status"));
        assertEquals(0, cinderAs("admin", PROJECT, "reset-state", "--state", "available", id).exit());

        Run refused = cinder(PROJECT, "create", "--name", "too-small", "0");
        assertNotEquals(refused.output(), 0, refused.exit());
        assertTrue(refused.output(), refused.output().contains("Invalid input for field/attribute size"));

        Run deleted = cinder(PROJECT, "delete", id);
        assertTrue(deleted.output(), deleted.output().contains("has been accepted"));
        await("cinder list without " + id, () -> !cinder(PROJECT, "list").output().contains(id));
        assertNotEquals(0, cinder(PROJECT, "show", id).exit());
    }

    @Test
    public void cinderCliSnapshotsCopiesRevertAndCascade() throws Exception {
        String id = property(cinder(PROJECT, "create", "--name", "snap-source", "1").output(), "id");
        awaitCinderStatus(PROJECT, id, "available");
        Run snapshot = cinder(PROJECT, "snapshot-create", "--name", "first", "--metadata", "kind=test", "--", id);
        assertEquals(snapshot.output(), 0, snapshot.exit());
        String snapshotId = property(snapshot.output(), "id");
        await("snapshot " + snapshotId + " available",
                () -> property(cinder(PROJECT, "snapshot-show", snapshotId).output(), "status").equals("available"));
        assertTrue(cinder(PROJECT, "snapshot-list").output().contains(snapshotId));
        assertEquals(0, cinder(PROJECT, "snapshot-rename", snapshotId, "renamed").exit());
        assertEquals("renamed", property(cinder(PROJECT, "snapshot-show", snapshotId).output(), "name"));
        Http counting = new Http(ENDPOINT, "cli-user:" + PROJECT, "volume 3.45");
        JsonNode named = counting.get("/v3/" + PROJECT + "/snapshots?name~=name&with_count=true").json();
        assertEquals("name~ finds renamed", 1, named.get("count").asInt());
        assertEquals(snapshotId, named.get("snapshots").get(0).get("id").asText());
        assertEquals(0, counting.get("/v3/" + PROJECT + "/snapshots?name~=first").json().get("snapshots").size());
        JsonNode noStatus = counting.get("/v3/" + PROJECT + "/snapshots?status=bogus&with_count=true").json();
        assertEquals("a status no snapshot can have counts none", 0, noStatus.get("count").asInt());

        Run fromSnapshot = cinder(PROJECT, "create", "--snapshot-id", snapshotId, "--name", "from-snapshot", "2");
        assertEquals(fromSnapshot.output(), 0, fromSnapshot.exit());
        String copy = property(fromSnapshot.output(), "id");
        Run cloned = cinder(PROJECT, "create", "--source-volid", id, "--name", "clone", "1");
        assertEquals(cloned.output(), 0, cloned.exit());
        String clone = property(cloned.output(), "id");
        awaitCinderStatus(PROJECT, copy, "available");
        awaitCinderStatus(PROJECT, clone, "available");
        assertEquals(snapshotId, property(cinder(PROJECT, "show", copy).output(), "snapshot_id"));
        assertEquals(id, property(cinder(PROJECT, "show", clone).output(), "source_volid"));

        Run blocked = cinder(PROJECT, "delete", id);
        assertTrue(blocked.output(), blocked.output().contains("dependent snapshots"));
        Run forced = cinderAs("admin", PROJECT, "force-delete", id);
        assertTrue("a force delete leaves the snapshots' data alone too: " + forced.output(),
                forced.output().contains("dependent snapshots"));
        Run revert = cinder(PROJECT, "revert-to-snapshot", snapshotId);
        assertEquals(revert.output(), 0, revert.exit());
        awaitCinderStatus(PROJECT, id, "available");

        Run cascade = cinder(PROJECT, "delete", "--cascade", id);
        assertEquals(cascade.output(), 0, cascade.exit());
        await("volume " + id + " and its snapshot gone", () -> cinder(PROJECT, "show", id).exit() != 0
                && cinder(PROJECT, "snapshot-show", snapshotId).exit() != 0);
        assertEquals(0, cinder(PROJECT, "delete", copy, clone).exit());
    }

    @Test
    public void cinderCliBacksUpRestoresAndForceDeletesBackups() throws Exception {
        String project = "backups-" + PROJECT;
        String id = property(cinder(project, "create", "--name", "backed-up", "1").output(), "id");
        awaitCinderStatus(project, id, "available");
        Run created = cinder(project, "backup-create", "--name", "nightly", id);
        assertEquals(created.output(), 0, created.exit());
        String backup = property(created.output(), "id");
        await("backup " + backup + " available", () -> property(cinder(project, "backup-show", backup).output(), "status")
                .equals("available"));
        assertTrue(cinder(project, "backup-list").output().contains("nightly"));
        Run restored = cinder(project, "backup-restore", "--volume", id, backup);
        assertEquals(restored.output(), 0, restored.exit());
        awaitCinderStatus(project, id, "available");

        Run refused = cinder(project, "backup-delete", "--force", backup);
        assertTrue(refused.output(), refused.output().contains(
                "Policy doesn't allow volume_extension:backup_admin_actions:force_delete"));
        Run forced = cinderAs("admin", project, "backup-delete", "--force", backup);
        assertEquals(forced.output(), 0, forced.exit());
        await("backup " + backup + " gone", () -> cinder(project, "backup-show", backup).exit() != 0);
        assertEquals(0, cinder(project, "delete", id).exit());
    }

    @Test
    public void cinderCliWorksWithAProjectLessEndpoint() throws Exception {
        Run created = run(cinderEnvironment("cli-user", "other-" + PROJECT, ENDPOINT + "/v3"),
                List.of("cinder", "create", "--name", "no-project", "1"));
        assertEquals(created.output(), 0, created.exit());
        String id = property(created.output(), "id");
        awaitCinderStatus("other-" + PROJECT, id, "available");
        Run deleted = cinder("other-" + PROJECT, "delete", id);
        assertEquals(deleted.output(), 0, deleted.exit());
    }

    @Test
    public void openstackCliManagesVolumes() throws Exception {
        List<String> none = List.of("openstack", "--os-auth-type", "none", "--os-endpoint", ENDPOINT + "/v3/" + PROJECT);
        Run created = run(Map.of(), concat(none, "volume", "create", "--size", "2", "--description", "osc", "osc-volume", "-f", "json"));
        assertEquals(created.output(), 0, created.exit());
        JsonNode volume = Http.JSON.readTree(created.output());
        assertEquals("creating", volume.get("status").asText());
        assertEquals(2, volume.get("size").asInt());
        String id = volume.get("id").asText();

        await("openstack volume show " + id + " available", () -> {
            Run shown = run(Map.of(), concat(none, "volume", "show", id, "-f", "json"));
            return shown.exit() == 0 && Http.JSON.readTree(shown.output()).get("status").asText().equals("available");
        });

        List<String> noauth = List.of("openstack", "--os-auth-type", "noauth", "--os-user-id", "olivia", "--os-project-id",
                PROJECT, "--os-endpoint", ENDPOINT + "/v3", "--os-volume-api-version", "3.70");
        Run listed = run(Map.of(), concat(noauth, "volume", "list", "-f", "json"));
        assertEquals(listed.output(), 0, listed.exit());
        boolean found = false;
        for (JsonNode entry : Http.JSON.readTree(listed.output())) {
            found |= entry.get("ID").asText().equals(id) && entry.get("Name").asText().equals("osc-volume");
        }
        Run renamedByCinder = cinder(PROJECT, "rename", id, "cinder-renamed");
        assertEquals(renamedByCinder.output(), 0, renamedByCinder.exit());
        assertEquals("cinder-renamed", property(cinder(PROJECT, "show", id).output(), "name"));
        assertTrue(listed.output(), found);

        Run zones = run(Map.of(), concat(noauth, "availability", "zone", "list", "--volume", "-f", "json"));
        assertEquals(zones.output(), 0, zones.exit());
        assertEquals("nova", Http.JSON.readTree(zones.output()).get(0).get("Zone Name").asText());

        Run set = run(Map.of(), concat(none, "volume", "set", "--name", "osc-renamed", "--description", "set by osc", id));
        assertEquals(set.output(), 0, set.exit());
        JsonNode renamed = Http.JSON.readTree(run(Map.of(), concat(none, "volume", "show", id, "-f", "json")).output());
        assertEquals("osc-renamed", renamed.get("name").asText());
        assertEquals("set by osc", renamed.get("description").asText());

        Run properties = run(Map.of(), concat(noauth, "volume", "set", "--property", "team=storage", "--bootable", "--size",
                "3", id));
        assertEquals(properties.output(), 0, properties.exit());
        await("openstack volume set --size 3 done", () -> {
            JsonNode now = Http.JSON.readTree(run(Map.of(), concat(noauth, "volume", "show", id, "-f", "json")).output());
            return now.get("size").asInt() == 3 && now.get("status").asText().equals("available");
        });
        JsonNode withProperties = Http.JSON.readTree(run(Map.of(), concat(noauth, "volume", "show", id, "-f", "json")).output());
        assertEquals("storage", withProperties.get("properties").get("team").asText());
        assertEquals("true", withProperties.get("bootable").asText());
        assertEquals(0, run(Map.of(), concat(noauth, "volume", "unset", "--property", "team", id)).exit());

        Run deleted = run(Map.of(), concat(none, "volume", "delete", id));
        assertEquals(deleted.output(), 0, deleted.exit());
        await("openstack volume show " + id + " fails", () -> run(Map.of(), concat(none, "volume", "show", id)).exit() != 0);
    }

    @Test
    public void cinderCliManagesTypesQosDefaultsAndRetype() throws Exception {
        String project = "types-" + PROJECT;
        Run gold = cinderAs("admin", project, "type-create", "gold-it", "--description", "on the NFS backend");
        assertEquals(gold.output(), 0, gold.exit());
        assertEquals(0, cinderAs("admin", project, "type-key", "gold-it", "set", "volume_backend_name=nfs-default").exit());
        Run memberCreate = cinder(project, "type-create", "member-type");
        assertTrue(memberCreate.output(), memberCreate.output().contains("Policy doesn't allow volume_extension:types_manage"));
        assertTrue(cinderAs("admin", project, "type-create", "gold-it").output().contains("already exists"));
        Run elsewhere = cinderAs("admin", project, "type-create", "elsewhere-it", "--is-public", "false");
        String elsewhereId = tableCell(elsewhere.output(), "elsewhere-it", 1);
        assertEquals(0, cinderAs("admin", project, "type-key", "elsewhere-it", "set", "volume_backend_name=nowhere").exit());
        assertTrue("a private type is not listed before access is given",
                !cinder(project, "type-list").output().contains("elsewhere-it"));
        assertEquals(0, cinderAs("admin", project, "type-access-add", "--volume-type", elsewhereId, "--project-id", project)
                .exit());
        assertTrue(cinderAs("admin", project, "type-access-list", "--volume-type", elsewhereId).output().contains(project));
        assertTrue(cinder(project, "type-list").output().contains("elsewhere-it"));
        assertTrue(cinderAs("admin", project, "extra-specs-list").output().contains("'volume_backend_name': 'nowhere'"));

        String onGold = property(cinder(project, "create", "--volume-type", "gold-it", "--name", "typed", "1").output(), "id");
        String nowhere = property(cinder(project, "create", "--volume-type", "elsewhere-it", "--name", "unplaceable", "1")
                .output(), "id");
        awaitCinderStatus(project, onGold, "available");
        awaitCinderStatus(project, nowhere, "error");
        assertEquals("gold-it", property(cinder(project, "show", onGold).output(), "volume_type"));
        Run migrationNeeded = cinder(project, "retype", onGold, "elsewhere-it");
        assertNotEquals(migrationNeeded.output(), 0, migrationNeeded.exit());
        assertTrue(migrationNeeded.output(), migrationNeeded.output().contains("Retype requires migration but is not allowed"));
        assertEquals(0, cinderAs("admin", project, "type-key", "elsewhere-it", "set", "volume_backend_name=nfs-default").exit());
        assertEquals(0, cinder(project, "retype", onGold, "elsewhere-it").exit());
        assertEquals("elsewhere-it", property(cinder(project, "show", onGold).output(), "volume_type"));
        Run inUse = cinderAs("admin", project, "type-delete", "elsewhere-it");
        assertTrue(inUse.output(), inUse.output().contains("Target volume type is still in use"));

        Run qos = cinderAs("admin", project, "qos-create", "gold-qos", "total_iops_sec=1000");
        String qosId = property(qos.output(), "id");
        assertEquals(0, cinderAs("admin", project, "qos-associate", qosId, tableCell(gold.output(), "gold-it", 1)).exit());
        assertTrue(cinderAs("admin", project, "qos-get-association", qosId).output().contains("gold-it"));
        assertEquals(0, cinderAs("admin", project, "qos-key", qosId, "set", "read_iops_sec=500").exit());
        assertEquals(0, cinderAs("admin", project, "qos-key", qosId, "unset", "total_iops_sec").exit());
        assertEquals("read_iops_sec : 500", property(cinderAs("admin", project, "qos-show", qosId).output(), "specs"));
        assertTrue(cinderAs("admin", project, "qos-delete", qosId).output().contains("still associated"));
        assertEquals(0, cinderAs("admin", project, "qos-disassociate-all", qosId).exit());
        assertEquals(0, cinderAs("admin", project, "qos-delete", qosId).exit());

        assertEquals(0, cinderAs("admin", project, "default-type-set", "gold-it", project).exit());
        assertTrue(cinderAs("admin", project, "default-type-list").output().contains(project));
        assertEquals("the project's own default", "gold-it", tableCell(cinder(project, "type-default").output(), "gold-it", 2));
        String byDefault = property(cinder(project, "create", "--name", "defaulted", "1").output(), "id");
        assertEquals("gold-it", property(cinder(project, "show", byDefault).output(), "volume_type"));
        assertEquals(0, cinderAs("admin", project, "default-type-unset", project).exit());

        assertEquals(0, cinder(project, "delete", onGold, nowhere, byDefault).exit());
        await("typed volumes gone", () -> !cinder(project, "list").output().contains("typed")
                && !cinder(project, "list").output().contains("defaulted"));
        assertEquals(0, cinderAs("admin", project, "type-delete", "gold-it", "elsewhere-it").exit());
        assertTrue(!cinderAs("admin", project, "type-list").output().contains("gold-it"));
    }

    @Test
    public void openstackCliManagesTypesAndQos() throws Exception {
        List<String> admin = List.of("openstack", "--os-auth-type", "noauth", "--os-user-id", "admin", "--os-project-id",
                PROJECT, "--os-endpoint", ENDPOINT + "/v3", "--os-volume-api-version", "3.70");
        Run created = run(Map.of(), concat(admin, "volume", "type", "create", "--property", "volume_backend_name=nfs-default",
                "--description", "osc type", "osc-type", "-f", "json"));
        assertEquals(created.output(), 0, created.exit());
        assertEquals("nfs-default", Http.JSON.readTree(created.output()).get("properties").get("volume_backend_name").asText());
        assertEquals(0, run(Map.of(), concat(admin, "volume", "type", "set", "--property", "tier=2", "osc-type")).exit());
        assertEquals(0, run(Map.of(), concat(admin, "volume", "type", "unset", "--property", "volume_backend_name",
                "osc-type")).exit());
        JsonNode shown = Http.JSON.readTree(run(Map.of(), concat(admin, "volume", "type", "show", "osc-type", "-f", "json"))
                .output());
        assertEquals("{\"tier\":\"2\"}", shown.get("properties").toString());
        boolean listed = false;
        for (JsonNode type : Http.JSON.readTree(run(Map.of(), concat(admin, "volume", "type", "list", "--long", "-f", "json"))
                .output())) {
            listed |= type.get("Name").asText().equals("osc-type") && type.get("Description").asText().equals("osc type");
        }
        assertTrue(listed);

        Run qos = run(Map.of(), concat(admin, "volume", "qos", "create", "--consumer", "front-end", "--property",
                "total_bytes_sec=1000", "osc-qos", "-f", "json"));
        assertEquals(qos.output(), 0, qos.exit());
        assertEquals("front-end", Http.JSON.readTree(qos.output()).get("consumer").asText());
        assertEquals(0, run(Map.of(), concat(admin, "volume", "qos", "associate", "osc-qos", "osc-type")).exit());
        JsonNode qosShown = Http.JSON.readTree(run(Map.of(), concat(admin, "volume", "qos", "show", "osc-qos", "-f", "json"))
                .output());
        assertEquals("[\"osc-type\"]", qosShown.get("associations").toString());
        assertEquals(0, run(Map.of(), concat(admin, "volume", "qos", "disassociate", "--volume-type", "osc-type", "osc-qos"))
                .exit());
        assertEquals(0, run(Map.of(), concat(admin, "volume", "qos", "delete", "osc-qos")).exit());
        assertEquals(0, run(Map.of(), concat(admin, "volume", "type", "delete", "osc-type")).exit());
        assertNotEquals(0, run(Map.of(), concat(admin, "volume", "type", "show", "osc-type")).exit());
    }

    @Test
    public void cinderCliShowsAndSetsQuotasAndLimits() throws Exception {
        String project = "quota-" + PROJECT;
        assertEquals("10", property(cinder(project, "quota-show", project).output(), "volumes"));
        assertEquals("1000", property(cinder(project, "quota-defaults", project).output(), "gigabytes"));
        Run memberUpdate = cinder(project, "quota-update", "--volumes", "1", project);
        assertTrue(memberUpdate.output(), memberUpdate.output().contains("Policy doesn't allow volume_extension:quotas:update"));
        Run update = cinderAs("admin", project, "quota-update", "--volumes", "1", "--gigabytes", "5", project);
        assertEquals(update.output(), 0, update.exit());
        assertEquals("1", property(update.output(), "volumes"));

        String id = property(cinder(project, "create", "--name", "within-quota", "2").output(), "id");
        Run over = cinder(project, "create", "--name", "over-quota", "1");
        assertNotEquals(over.output(), 0, over.exit());
        assertTrue(over.output(), over.output().contains("Maximum number of volumes allowed (1) exceeded for quota 'volumes'.")
                && over.output().contains("HTTP 413"));
        Run usage = cinder(project, "quota-usage", project);
        assertTrue(usage.output(), usage.output().matches("(?s).*\\| volumes\\s+\\| 1\\s+\\| 0\\s+\\| 1\\s+\\|.*"));
        assertTrue(usage.output(), usage.output().matches("(?s).*\\| gigabytes\\s+\\| 2\\s+\\| 0\\s+\\| 5\\s+\\|.*"));
        Run limits = cinder(project, "absolute-limits");
        assertTrue(limits.output(), limits.output().matches("(?s).*\\| maxTotalVolumes\\s+\\| 1\\s+\\|.*"));
        assertTrue(limits.output(), limits.output().matches("(?s).*\\| totalGigabytesUsed\\s+\\| 2\\s+\\|.*"));

        Run classUpdate = cinderAs("admin", project, "quota-class-update", "--backups", "12", "default");
        assertEquals(classUpdate.output(), 0, classUpdate.exit());
        assertEquals("12", property(cinderAs("admin", project, "quota-class-show", "default").output(), "backups"));
        assertEquals("12", property(cinder(project, "quota-show", project).output(), "backups"));
        assertEquals(0, cinderAs("admin", project, "quota-class-update", "--backups", "10", "default").exit());

        assertEquals(0, cinderAs("admin", project, "quota-delete", project).exit());
        assertEquals("10", property(cinder(project, "quota-show", project).output(), "volumes"));
        assertEquals(0, cinder(project, "delete", id).exit());
    }

    @Test
    public void cinderCliShowsPoolsServicesCapabilitiesAndMessages() throws Exception {
        String project = "ops-" + PROJECT;
        Run pools = cinderAs("admin", project, "get-pools", "--detail");
        assertEquals(pools.output(), "nfs-default", property(pools.output(), "volume_backend_name"));
        assertEquals("True", property(pools.output(), "thin_provisioning_support"));
        // The pool is host@backend#pool; the host is this machine's name unless configured.
        String backendHost = property(pools.output(), "name").split("#")[0];
        Run capabilities = cinderAs("admin", project, "get-capabilities", backendHost);
        assertEquals(capabilities.output(), "OS::Storage::Capabilities::" + backendHost,
                property(capabilities.output(), "namespace"));
        Run services = cinderAs("admin", project, "service-list");
        assertTrue(services.output(), services.output()
                .matches("(?s).*\\| cinder-volume\\s+\\| " + backendHost + "\\s+\\| nova\\s+\\| enabled\\s+\\| up\\s+\\|.*"));
        assertTrue(services.output(), services.output().contains("cinder-scheduler"));
        Run memberServices = cinder(project, "service-list");
        assertTrue(memberServices.output(), memberServices.output().contains("Policy doesn't allow"));

        Run disabled = cinderAs("admin", project, "service-disable", "--reason", "maintenance", backendHost,
                "cinder-volume");
        assertEquals(disabled.output(), 0, disabled.exit());
        String id;
        try {
            assertTrue(cinderAs("admin", project, "service-list").output().contains("maintenance"));
            id = property(cinder(project, "create", "--name", "while-disabled", "1").output(), "id");
            awaitCinderStatus(project, id, "error");
        } finally {
            assertEquals(0, cinderAs("admin", project, "service-enable", backendHost, "cinder-volume").exit());
        }
        Run messages = cinder(project, "message-list");
        assertTrue(messages.output(), messages.output().contains(id) && messages.output().contains("VOLUME_VOLUME_001_003"));
        String messageId = tableCell(messages.output(), id, 1);
        Run message = cinder(project, "message-show", messageId);
        assertTrue(message.output(), property(message.output(), "user_message").contains("1 disabled of 1 backends"));
        assertNotEquals("another project's message is not found", 0, cinder("other-" + project, "message-show", messageId)
                .exit());
        assertEquals(0, cinder(project, "message-delete", messageId).exit());
        assertTrue(!cinder(project, "message-list").output().contains(messageId));

        List<String> admin = List.of("openstack", "--os-auth-type", "noauth", "--os-user-id", "admin", "--os-project-id",
                project, "--os-endpoint", ENDPOINT + "/v3", "--os-volume-api-version", "3.70");
        boolean listed = false;
        for (JsonNode service : Http.JSON.readTree(run(Map.of(), concat(admin, "volume", "service", "list", "-f", "json"))
                .output())) {
            listed |= service.get("Host").asText().equals(backendHost) && service.get("Status").asText().equals("enabled");
        }
        assertTrue(listed);
        assertEquals(0, cinder(project, "delete", id).exit());
    }

    /** Nova's attach, by hand: the cinder CLI drives the attachments API, openstack lists and deletes. */
    @Test
    public void cinderAndOpenstackClientsAttachAndDetach() throws Exception {
        String id = property(cinder(PROJECT, "create", "--name", "attach-cli", "1").output(), "id");
        awaitCinderStatus(PROJECT, id, "available");
        String server = "0b7c4b53-5a7e-4e0c-9a43-2f0a3c8e9d11";
        Run created = cinder(PROJECT, "attachment-create", "--connect", "True", "--host", "compute-1", "--ip",
                "127.0.0.1", "--initiator", "iqn.1993-08.org.debian:01:compute-1", "--mountpoint", "/dev/vdb", id, server);
        assertEquals(created.output(), 0, created.exit());
        String attachment = property(created.output(), "id");
        assertEquals("attaching", property(created.output(), "status"));
        assertTrue("the nfs connection info is shown: " + created.output(), created.output().contains("driver_volume_type")
                && created.output().contains("nfs"));
        assertEquals("attaching", property(cinder(PROJECT, "show", id).output(), "status"));
        Run completed = cinder(PROJECT, "attachment-complete", attachment);
        assertEquals(completed.output(), 0, completed.exit());
        assertEquals("in-use", property(cinder(PROJECT, "show", id).output(), "status"));
        Run listed = cinder(PROJECT, "attachment-list", "--volume-id", id);
        assertTrue(listed.output(), listed.output().contains(attachment) && listed.output().contains("attached"));
        assertEquals("attached", property(cinder(PROJECT, "attachment-show", attachment).output(), "status"));

        List<String> osc = List.of("openstack", "--os-auth-type", "noauth", "--os-user-id", "olivia", "--os-project-id",
                PROJECT, "--os-endpoint", ENDPOINT + "/v3", "--os-volume-api-version", "3.54");
        Run oscList = run(Map.of(), concat(osc, "volume", "attachment", "list", "-f", "json"));
        assertEquals(oscList.output(), 0, oscList.exit());
        assertTrue(oscList.output(), oscList.output().contains(attachment));
        Run oscDelete = run(Map.of(), concat(osc, "volume", "attachment", "delete", attachment));
        assertEquals(oscDelete.output(), 0, oscDelete.exit());
        assertEquals("available", property(cinder(PROJECT, "show", id).output(), "status"));

        // (openstack's attachment create looks the server up in Nova, which is not here.)
        Run readOnly = cinder(PROJECT, "attachment-create", "--connect", "True", "--host", "compute-2", "--mode", "ro",
                id, server);
        assertEquals(readOnly.output(), 0, readOnly.exit());
        assertEquals("ro", property(readOnly.output(), "attach_mode"));
        Run refused = cinder(PROJECT, "delete", id);
        assertTrue(refused.output(), refused.output().contains("in-use") || refused.output().contains("attaching"));
        assertEquals(0, cinder(PROJECT, "attachment-delete", property(readOnly.output(), "id")).exit());
        assertEquals(0, cinder(PROJECT, "delete", id).exit());
        await("cinder list without " + id, () -> !cinder(PROJECT, "list").output().contains(id));
    }

    private static Run cinder(String project, String... arguments) throws Exception {
        return cinderAs("cli-user", project, arguments);
    }

    /** The cinder CLI as {@code user}; the user {@code admin} is an administrator (noauth.admin.users). */
    private static Run cinderAs(String user, String project, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("cinder"));
        command.addAll(List.of(arguments));
        return run(cinderEnvironment(user, project, ENDPOINT + "/v3/" + project), command);
    }

    private static Map<String, String> cinderEnvironment(String user, String project, String endpoint) {
        return Map.of("OS_AUTH_TYPE", "noauth", "OS_USER_ID", user, "OS_PROJECT_ID", project,
                "CINDER_ENDPOINT", endpoint);
    }

    private static Run run(Map<String, String> environment, List<String> command) throws Exception {
        return clients.run(environment, command);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** A value from cinderclient's "| Property | Value |" table. */
    private static String property(String table, String name) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && cells[1].trim().equals(name)) {
                return cells[2].trim();
            }
        }
        throw new AssertionError("No " + name + " in:\n" + table);
    }

    /** A cell of the cinderclient table row that mentions {@code rowKey}; cells count from 1. */
    private static String tableCell(String table, String rowKey, int cell) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > cell && line.contains(" " + rowKey + " ")) {
                return cells[cell].trim();
            }
        }
        throw new AssertionError("No row " + rowKey + " in:\n" + table);
    }

    private static void awaitCinderStatus(String project, String id, String status) throws Exception {
        await("volume " + id + " " + status, () -> {
            Run shown = cinder(project, "show", id);
            return shown.exit() == 0 && property(shown.output(), "status").equals(status);
        });
    }

    private static void await(String what, Await.Check check) throws InterruptedException {
        Await.until(what, 90, check);
    }
}
