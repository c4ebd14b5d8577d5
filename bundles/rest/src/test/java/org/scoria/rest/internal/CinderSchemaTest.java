package org.scoria.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.Backup;
import org.scoria.persistence.HostUsage;
import org.scoria.persistence.QosSpecs;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.TypeEncryption;
import org.scoria.persistence.TypeLabel;
import org.scoria.persistence.UserMessage;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeType;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every view Scoria answers a Cinder route with passes tempest's own response schemas (which
 * refuse a field Cinder does not send), for each microversion where the schemas change and for
 * administrators and members, checked by tempest's validator (Debian's tempest, which
 * scripts/ensure-tools installs) without Karaf. scripts/tempest runs the whole suite against the
 * distribution; this test names the view that breaks a schema at once.
 *
 * <p>Where tempest's schemas describe fewer microversions than Cinder's views, a view is checked
 * only where they do: tempest's snapshot schemas are those of 3.0 (its snapshot tests send no
 * microversion), and its volume update schemas stop at 3.60 (they copy the base one while
 * Cinder's update answers its detail view, with {@code cluster_name} and {@code volume_type_id}
 * from 3.61 and 3.63); there Cinder's code is the reference.
 */
public class CinderSchemaTest {

    private static final Path PYTHON = Paths.get("/usr/bin/python3");
    /** The last microversion tempest's volume update schemas describe. */
    private static final ApiVersion VOLUME_UPDATE_SCHEMAS = new ApiVersion(60);
    private static final List<ApiVersion> VERSIONS = List.of(ApiVersion.MIN, ApiVersion.BACKUP_UPDATE,
            ApiVersion.GROUP_SNAPSHOTS, ApiVersion.BACKUP_PROJECT, ApiVersion.SNAPSHOT_LIST_USER_ID,
            ApiVersion.BACKUP_METADATA, ApiVersion.BACKUP_USER_ID, ApiVersion.VOLUME_CLUSTER_NAME,
            ApiVersion.VOLUME_TYPE_ID_IN_VOL_DETAIL, ApiVersion.USE_QUOTA, new ApiVersion(70));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI BASE = URI.create("http://127.0.0.1:8776/");
    private static final Instant NOW = Instant.parse("2026-12-06T10:15:30.123456Z");
    private static final String PROJECT = "0f6d9a0b0c6e4c1f8e2a1b3c4d5e6f70";
    private static final String VOLUME = "5e1b6a6f-4f0b-4c8e-9d7a-2b1c3d4e5f60";
    private static final String TYPE = "8a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final RulePolicy POLICY = new RulePolicy(Paths.get("no-policy-overrides.yaml"));

    private static final Volume VOLUME_ROW = new Volume(VOLUME, PROJECT, "alice", "data", null, 1, VolumeStatus.IN_USE,
            null, "node1@nfs-default#nfs-default", "nova", "default/volume-" + VOLUME, false, null, false, null, null, TYPE,
            Map.of("purpose", "test"), NOW, NOW, NOW, NOW, Map.of("image_id", "0c2e1b4a-9d8f-4e7a-b6c5-d4e3f2a1b0c9",
            "image_name", "cirros", "disk_format", "qcow2"));
    private static final Attachment ATTACHMENT = new Attachment("3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f", VOLUME, PROJECT,
            AttachStatus.ATTACHED, "6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", "compute1", "/dev/vdb", "rw", "{}", "{}", NOW,
            NOW, NOW, null);
    private static final Snapshot SNAPSHOT = new Snapshot("1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", VOLUME, PROJECT,
            "alice", "nightly", null, 1, SnapshotStatus.AVAILABLE, null, "snap", Map.of("k", "v"), NOW, null, "80%");
    private static final Backup BACKUP = new Backup("7d6c5b4a-3e2f-4109-8a7b-6c5d4e3f2a1b", PROJECT, "alice", VOLUME, null,
            "weekly", null, BackupStatus.CREATING, null, 1, 3, "nfs", "backups-" + PROJECT, "prefix", null, 0, false,
            "nova", "backup1", NOW, 42, 123456789L, null, Map.of("k", "v"), NOW, NOW);
    private static final VolumeType VOLUME_TYPE = new VolumeType(TYPE, "gold", null, true,
            "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", Map.of("volume_backend_name", "nfs-default"), NOW, null);
    private static final TypeEncryption ENCRYPTION = new TypeEncryption("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", TYPE,
            "luks", "aes-xts-plain64", 256, "front-end", NOW, null);

    private final List<Map<String, Object>> cases = new ArrayList<>();

    @BeforeClass
    public static void tempestIsInstalled() {
        assertTrue("Debian's tempest is missing: scripts/ensure-tools installs it", Files.isDirectory(
                Paths.get("/usr/lib/python3/dist-packages/tempest/lib/api_schema/response/volume")));
    }

    @Test
    public void everyViewPassesTempestsSchemas() throws Exception {
        for (ApiVersion version : VERSIONS) {
            for (boolean admin : new boolean[] {true, false}) {
                ApiCall call = call(version, admin, Set.of());
                String who = (admin ? "admin" : "member") + " at " + version;
                volumes(call, who);
                snapshots(call, who);
                backups(call, who);
                types(call, admin, who);
                messages(call, who);
                quotas(call, who);
            }
            operators(call(version, true, Set.of()), "admin at " + version);
        }
        ApiCall admin = call(ApiVersion.MIN, true, Set.of());
        JsonNode asked = JSON.readTree("{\"provider\": \"luks\", \"cipher\": \"aes-xts-plain64\", \"key_size\": 256,"
                + " \"control_location\": \"front-end\"}");
        Map<String, Object> created = TypeEncryptionResource.echo(asked, ENCRYPTION);
        created.put("volume_type_id", TYPE);
        created.put("encryption_id", ENCRYPTION.encryptionId());
        check("encryption create", "encryption_types.create_encryption_type", admin, 200, Map.of("encryption", created));
        check("encryption update", "encryption_types.update_encryption_type", admin, 200,
                Map.of("encryption", TypeEncryptionResource.echo(asked, ENCRYPTION)));
        check("encryption show", "encryption_types.show_encryption_type", admin, 200,
                TypeEncryptionResource.row(ENCRYPTION));
        check("no encryption", "encryption_types.show_encryption_type", admin, 200, Map.of());
        try (InputStream extensions = V3Resource.class.getResourceAsStream("extensions.json")) {
            check("extensions", "extensions.list_extensions", admin, 200, JSON.readTree(extensions));
        }

        List<JsonNode> failures = validate(cases);
        assertEquals("views that break tempest's schemas: " + failures, List.of(), failures);
        assertTrue("cases checked: " + cases.size(), cases.size() > 400);
    }

    /** The check itself fails a field Cinder does not send: Scoria's backup progress, unless asked for. */
    @Test
    public void aFieldCinderDoesNotSendFailsTheCheck() throws Exception {
        ApiCall asking = call(ApiVersion.MIN, false, Set.of(ApiCall.BACKUP_PROGRESS));
        check("backup with progress", "backups.show_backup", asking, 200,
                Map.of("backup", BackupViews.view(BACKUP, asking, BASE, PROJECT, true)));
        List<JsonNode> failures = validate(cases);
        assertEquals(failures.toString(), 1, failures.size());
        assertTrue(failures.toString(), failures.get(0).get("error").asText().contains("'progress'"));
    }

    private void volumes(ApiCall call, String who) {
        VolumeViews views = new VolumeViews(BASE, PROJECT, call.version(), call.context().admin(),
                () -> Map.of(TYPE, new TypeLabel("gold", true)), ids -> Map.of(VOLUME, List.of(ATTACHMENT)));
        check("volume create, " + who, "volumes.create_volume", call, 202, Map.of("volume", views.created(VOLUME_ROW)));
        check("volume show, " + who, "volumes.show_volume", call, 200, Map.of("volume", views.detail(VOLUME_ROW)));
        if (!call.version().atLeast(new ApiVersion(VOLUME_UPDATE_SCHEMAS.minor() + 1))) {
            check("volume update, " + who, "volumes.update_volume", call, 200, Map.of("volume", views.updated(VOLUME_ROW)));
        }
        check("volume list, " + who, "volumes.list_volumes_no_detail", call, 200,
                Map.of("volumes", views.summaries(List.of(VOLUME_ROW))));
        check("volume detail list, " + who, "volumes.list_volumes_with_detail", call, 200,
                Map.of("volumes", views.details(List.of(VOLUME_ROW))));
    }

    private void snapshots(ApiCall call, String who) {
        if (!call.version().equals(ApiVersion.MIN)) {
            return;
        }
        check("snapshot create, " + who, "snapshots.create_snapshot", call, 202,
                Map.of("snapshot", SnapshotViews.detail(SNAPSHOT, call, false)));
        check("snapshot show, " + who, "snapshots.show_snapshot", call, 200,
                Map.of("snapshot", SnapshotViews.detail(SNAPSHOT, call, true)));
        check("snapshot update, " + who, "snapshots.update_snapshot", call, 200,
                Map.of("snapshot", SnapshotViews.detail(SNAPSHOT, call, false)));
        check("snapshot list, " + who, "snapshots.list_snapshots_no_detail", call, 200,
                Map.of("snapshots", List.of(SnapshotViews.summary(SNAPSHOT))));
        check("snapshot detail list, " + who, "snapshots.list_snapshots_with_detail", call, 200,
                Map.of("snapshots", List.of(SnapshotViews.detail(SNAPSHOT, call, true))));
    }

    private void backups(ApiCall call, String who) {
        Map<String, Object> summary = BackupViews.view(BACKUP, call, BASE, PROJECT, false);
        Map<String, Object> detail = BackupViews.view(BACKUP, call, BASE, PROJECT, true);
        check("backup create, " + who, "backups.create_backup", call, 202, Map.of("backup", summary));
        check("backup show, " + who, "backups.show_backup", call, 200, Map.of("backup", detail));
        check("backup list, " + who, "backups.list_backups_no_detail", call, 200, Map.of("backups", List.of(summary)));
        check("backup detail list, " + who, "backups.list_backups_with_detail", call, 200,
                Map.of("backups", List.of(detail)));
        if (call.version().atLeast(ApiVersion.BACKUP_UPDATE)) {
            check("backup update, " + who, "backups.update_backup", call, 200, Map.of("backup", summary));
        }
    }

    private void types(ApiCall call, boolean admin, String who) {
        Map<String, String> specs = VOLUME_TYPE.extraSpecs();
        check("type create, " + who, "volume_types.create_volume_type", call, 200,
                Map.of("volume_type", VolumeTypeViews.created(VOLUME_TYPE, specs)));
        check("type update, " + who, "volume_types.update_volume_types", call, 200,
                Map.of("volume_type", VolumeTypeViews.updated(VOLUME_TYPE, specs)));
        check("type show, " + who, "volume_types.show_volume_type", call, 200,
                Map.of("volume_type", VolumeTypeViews.shown(VOLUME_TYPE, specs, admin)));
        check("type list, " + who, "volume_types.list_volume_types", call, 200,
                Map.of("volume_types", List.of(VolumeTypeViews.shown(VOLUME_TYPE, specs, admin))));
    }

    private void messages(ApiCall call, String who) {
        UserMessage message = new UserMessage("4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8", PROJECT, "req-" + VOLUME,
                "VOLUME", VOLUME, "VOLUME_VOLUME_001_003", "ERROR", "schedule allocate volume: Could not find any"
                + " available weighted backend.", NOW);
        Map<String, Object> view = MessageResource.view(message, NOW.plusSeconds(2_592_000), BASE, PROJECT);
        check("message show, " + who, "messages.show_message", call, 200, Map.of("message", view));
        check("message list, " + who, "messages.list_messages", call, 200, Map.of("messages", List.of(view)));
    }

    private void quotas(ApiCall call, String who) {
        Map<String, QuotaService.Usage> usage = new LinkedHashMap<>();
        for (String resource : List.of(QuotaLimits.VOLUMES, QuotaLimits.SNAPSHOTS, QuotaLimits.GIGABYTES,
                QuotaLimits.BACKUPS, QuotaLimits.BACKUP_GIGABYTES, QuotaLimits.GROUPS, "per_volume_gigabytes",
                "volumes_gold", "snapshots_gold", "gigabytes_gold")) {
            usage.put(resource, new QuotaService.Usage(10, 2));
        }
        check("quota usage, " + who, "quotas.show_quota_set_usage", call, 200,
                Map.of("quota_set", QuotaResource.usageSet(PROJECT, usage)));
        check("limits, " + who, "limits.show_limits", call, 200, QuotaResource.limits(usage));
    }

    /** The administrators' views; for them the microversion decides the fields, not the role. */
    private void operators(ApiCall admin, String who) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("volume_backend_name", "nfs-default");
        capabilities.put("storage_protocol", "nfs");
        capabilities.put("vendor_name", "Scoria");
        capabilities.put("driver_version", "1.0.0");
        capabilities.put("total_capacity_gb", 100.0);
        capabilities.put("free_capacity_gb", 80.0);
        capabilities.put("reserved_percentage", 0);
        capabilities.put("thin_provisioning_support", true);
        capabilities.put("multiattach", true);
        BackendState backend = new BackendState("node1@nfs-default", "nfs-default", "nova", "nfs",
                "org.scoria.driver.nfs", "0.2.0", "up", null, NOW.toEpochMilli(), 100, 80, 20, true, 0, 20.0,
                capabilities);
        check("pools, " + who, "scheduler_stats.get_pools_no_detail", admin, 200,
                Map.of("pools", List.of(OperatorViews.pool(backend, false))));
        check("pools detail, " + who, "scheduler_stats.get_pools_with_detail", admin, 200,
                Map.of("pools", List.of(OperatorViews.pool(backend, true))));
        check("capabilities, " + who, "capabilities.show_backend_capabilities", admin, 200,
                OperatorViews.capabilities("node1@nfs-default", backend));
        ServiceAdmin.Service volumeService = new ServiceAdmin.Service("cinder-volume", "node1@nfs-default", null,
                "nova", "enabled", "up", NOW, null, "up");
        ServiceAdmin.Service disabled = new ServiceAdmin.Service("cinder-scheduler", "node1", null, "nova",
                "disabled", "down", NOW, "maintenance", null);
        check("services, " + who, "services.list_services", admin, 200, Map.of("services",
                List.of(OperatorViews.service(volumeService, admin.version()), OperatorViews.service(disabled,
                        admin.version()))));
        // Tempest's enable schema is older Cinder's, which answered disabled_reason: null; Cinder 21 answers an
        // enable as a disable, without it (cinder/api/contrib/services.py): that is the reference here.
        check("service enable, " + who, "services.disable_service", admin, 200,
                OperatorViews.serviceChanged("node1@nfs-default", null, "cinder-volume", false, null));
        check("service disable, " + who, "services.disable_service", admin, 200,
                OperatorViews.serviceChanged("node1", "cinder-scheduler", null, true, null));
        check("service disable-log-reason, " + who, "services.disable_log_reason", admin, 200,
                OperatorViews.serviceChanged("node1", null, "cinder-scheduler", true, "maintenance"));
        check("hosts, " + who, "hosts.list_hosts", admin, 200, Map.of("hosts", List.of(OperatorViews.host(volumeService))));
        check("host, " + who, "hosts.show_host", admin, 200, Map.of("host", OperatorViews.hostUsage("node1@nfs-default",
                List.of(new HostUsage(PROJECT, 2, 3, 1, 1)))));
        QosSpecs qos = new QosSpecs("6e5d4c3b-2a19-4807-b6a5-d4c3b2a1f0e9", "silver", "back-end",
                Map.of("total_iops_sec", "500"), NOW);
        // Create answers as show does (tempest's client checks both with show_qos).
        check("qos create and show, " + who, "qos.show_qos", admin, 200, QosSpecsResource.detail(qos, BASE, PROJECT));
        check("qos list, " + who, "qos.list_qos", admin, 200, Map.of("qos_specs", List.of(QosSpecsResource.view(qos))));
    }

    private static ApiCall call(ApiVersion version, boolean admin, Set<String> extensions) {
        RequestContext context = POLICY.context(admin ? "admin" : "alice", PROJECT,
                admin ? Set.of("admin", "member", "reader") : Set.of("member", "reader"), null, null);
        assertEquals(admin, context.admin());
        return new ApiCall(version, context, extensions);
    }

    private void check(String name, String schema, ApiCall call, int status, Object body) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("case", name);
        entry.put("schema", schema);
        entry.put("version", call.version().toString());
        entry.put("status", status);
        entry.put("body", JSON.valueToTree(body));
        cases.add(entry);
    }

    /** The cases that fail, as tempest's validator says, in one run of Python for all of them. */
    private static List<JsonNode> validate(List<Map<String, Object>> cases) throws IOException, InterruptedException {
        Path script = Files.createTempFile("tempest-schema-check", ".py");
        try (InputStream in = CinderSchemaTest.class.getResourceAsStream("tempest-schema-check.py")) {
            Files.write(script, in.readAllBytes());
            Process python = new ProcessBuilder(PYTHON.toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            python.getOutputStream().write(JSON.writeValueAsBytes(cases));
            python.getOutputStream().close();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("the check ran within a minute", python.waitFor(60, TimeUnit.SECONDS));
            assertEquals("the check's exit status, printing: " + output, 0, python.exitValue());
            List<JsonNode> failures = new ArrayList<>();
            JSON.readTree(output).forEach(failures::add);
            return failures;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
