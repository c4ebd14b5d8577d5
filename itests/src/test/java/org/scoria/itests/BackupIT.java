package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.util.Filter;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;

/**
 * Backups on the distribution's defaults (the NFS backup store on a directory): a full backup
 * of known data, an incremental one after a few blocks changed that writes only their chunk,
 * restores of both into new volumes and into an existing one that give the exact bytes, a
 * parent that cannot be deleted under its incremental, a corrupted chunk that a restore
 * detects, and deletes that remove every object.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackupIT extends ScoriaTestSupport {

    private static final String PROJECT = "backup-it";
    private static final long MIB = 1 << 20;

    private final Http http = new Http(ENDPOINT, "ben:" + PROJECT, "3.64");
    private final ProjectBackups backups = new ProjectBackups(http, PROJECT);

    @Inject
    @Filter(timeout = 120000)
    private BackupStore backupStore;

    @Before
    public void liftQuotas() throws IOException {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
    }

    @Test
    public void fullAndIncrementalBackupsRestoreTheExactBytes() throws Exception {
        // Three separate regions of random data: three 50 MiB chunks hold data, the rest is zeros.
        Path sourceFile = volumeWithRandom(0, 4, 1);
        String source = idOf(sourceFile);
        VolumeBytes.writeRandom(sourceFile, 300 * MIB, 4 * MIB, 2);
        VolumeBytes.writeRandom(sourceFile, 1000 * MIB, 2 * MIB, 3);
        byte[] fullDigest = VolumeBytes.sha256(sourceFile);

        String full = backups.create(source, false);
        JsonNode fullView = backups.await(full, "available", 180);
        assertEquals("three chunks and the manifest", 4, fullView.get("object_count").asLong());
        assertEquals(false, fullView.get("is_incremental").asBoolean());
        assertEquals(VolumeStatus.AVAILABLE, store.find(source).orElseThrow().status());
        Path container = Path.of(System.getProperty("karaf.data"), "scoria", "backups", "backups-" + PROJECT);
        assertEquals(4, objects(container, full).size());

        // A few blocks change in one chunk: the incremental writes that chunk and its manifest only.
        VolumeBytes.writeRandom(sourceFile, 301 * MIB, 64 * 1024, 4);
        byte[] incrementalDigest = VolumeBytes.sha256(sourceFile);
        String incremental = backups.create(source, true);
        JsonNode incrementalView = backups.await(incremental, "available", 180);
        assertEquals(true, incrementalView.get("is_incremental").asBoolean());
        assertEquals(2, incrementalView.get("object_count").asLong());
        assertEquals(2, objects(container, incremental).size());
        assertEquals(true, backups.await(full, "available", 180).get("has_dependent_backups").asBoolean());

        // Each restores into a new volume with exactly the bytes it was taken from.
        assertArrayEquals(fullDigest, VolumeBytes.sha256(volumeFile(restoreIntoNew(full))));
        assertArrayEquals(incrementalDigest, VolumeBytes.sha256(volumeFile(restoreIntoNew(incremental))));

        // Into an existing volume: its own data is replaced.
        String target = create(http, PROJECT, createBody(1, null));
        Path targetFile = volumeFile(awaitStatus(target, VolumeStatus.AVAILABLE, 60));
        VolumeBytes.writeRandom(targetFile, 700 * MIB, MIB, 5);
        backups.restore(full, "{\"volume_id\": \"" + target + "\"}");
        awaitStatus(target, VolumeStatus.RESTORING_BACKUP, 30);
        awaitStatus(target, VolumeStatus.AVAILABLE, 120);
        assertArrayEquals(fullDigest, VolumeBytes.sha256(targetFile));

        // The parent cannot go while the incremental builds on it; once it is gone, it can.
        Http.Reply refused = backups.delete(full);
        assertEquals(refused.body(), 400, refused.status());
        assertTrue(refused.body(), refused.body().contains("Incremental backups exist for this backup"));
        assertEquals(202, backups.delete(incremental).status());
        backups.awaitGone(incremental, 60);
        assertEquals(0, objects(container, incremental).size());
        assertEquals(202, backups.delete(full).status());
        backups.awaitGone(full, 60);
        assertEquals(0, objects(container, full).size());
    }

    @Test
    public void aCorruptedChunkIsDetectedOnRestore() throws Exception {
        Path sourceFile = volumeWithRandom(0, 8, 6);
        String source = idOf(sourceFile);
        String backup = backups.create(source, false);
        backups.await(backup, "available", 180);
        Path container = Path.of(System.getProperty("karaf.data"), "scoria", "backups", "backups-" + PROJECT);
        Path chunk = objects(container, backup).stream().filter(path -> path.toString().endsWith("-00001"))
                .findFirst().orElseThrow();
        byte[] stored = Files.readAllBytes(chunk);
        stored[stored.length / 2] ^= 0x5a;
        Files.write(chunk, stored);

        String volumeId = backups.restore(backup, "{}");
        Volume failed = awaitStatus(volumeId, VolumeStatus.ERROR_RESTORING, 120);
        System.out.println("corrupted chunk: " + failed.statusReason());
        assertTrue(failed.statusReason(), failed.statusReason().contains(chunk.getFileName().toString()));
        // The backup itself is available again.
        backups.await(backup, "available", 180);
    }

    @Test
    public void theShellMakesListsShowsRestoresAndDeletesBackupsWithTheirProgress() throws Exception {
        // Random data, backed up at 50 MB/s: the backup runs for about 12 s, long enough to see its progress.
        Path sourceFile = volumeWithRandom(0, 600, 8);
        String source = idOf(sourceFile);
        byte[] digest = VolumeBytes.sha256(sourceFile);
        String backup = withBandwidthLimit(50, () -> {
            String made = shell("scoria:backup-create --name nightly " + source).strip();
            assertEquals(made, backups.show(made).get("id").asText());
            String[] running = new String[1];
            await("backup-list showing the progress of " + made, 120, () -> {
                running[0] = shell("scoria:backup-list --volume " + source);
                return running[0].matches("(?s).*" + made + ".*creating.*\\d+ % at [0-9.]+ MB/s.*");
            });
            System.out.println("while it runs:\n" + running[0]);
            backups.await(made, "available", 180);
            return made;
        });
        String listed = shell("scoria:backup-list --project " + PROJECT + " --status available --no-format");
        assertTrue(listed, listed.contains(backup) && listed.contains(source));
        String shown = shell("scoria:backup-show " + backup);
        assertTrue(shown, shown.contains("nightly") && shown.contains("backups-" + PROJECT) && shown.contains("nfs"));

        String restored = shell("scoria:backup-restore " + backup).strip();
        // The backup is restoring from the command's return on, until the restore has written the new volume.
        backups.await(backup, "available", 180);
        assertArrayEquals(digest, VolumeBytes.sha256(volumeFile(awaitStatus(restored, VolumeStatus.AVAILABLE, 60))));

        String deleted = shell("scoria:backup-delete " + backup);
        assertTrue(deleted, deleted.contains("Deleting " + backup));
        backups.awaitGone(backup, 60);
        try {
            fail("backup-show of a deleted backup printed " + shell("scoria:backup-show " + backup));
        } catch (Exception missing) {
            assertEquals("Backup " + backup + " could not be found.", missing.getMessage());
        }
    }

    @Test
    public void anExportedRecordImportsABackupTheDatabaseLost() throws Exception {
        Path sourceFile = volumeWithRandom(200, 3, 9);
        String source = idOf(sourceFile);
        byte[] digest = VolumeBytes.sha256(sourceFile);
        String backup = backups.create(source, false);
        backups.await(backup, "available", 180);

        Http admin = new Http(ENDPOINT, "admin:" + PROJECT, "3.64");
        assertEquals(403, http.get("/v3/" + PROJECT + "/backups/" + backup + "/export_record").status());
        Http.Reply exported = admin.get("/v3/" + PROJECT + "/backups/" + backup + "/export_record");
        assertEquals(exported.body(), 200, exported.status());
        JsonNode record = exported.json().get("backup-record");
        // The store in Cinder's namespace of backup drivers, as Cinder's clients and tempest expect.
        assertEquals("cinder.backup.drivers.nfs", record.get("backup_service").asText());
        String importBody = "{\"backup-record\": " + record + "}";
        Http.Reply twice = admin.post("/v3/" + PROJECT + "/backups/import_record", importBody);
        assertEquals(twice.body(), 400, twice.status());
        assertTrue(twice.body(), twice.body().contains("Backup already exists in database."));

        // The database loses the backup (its rows moved as a delete moves them); its objects stay in the store.
        assertTrue(backupStore.startDelete(backup) && backupStore.deleted(backup));
        assertEquals(404, http.get("/v3/" + PROJECT + "/backups/" + backup).status());
        assertEquals(403, http.post("/v3/" + PROJECT + "/backups/import_record", importBody).status());
        Http.Reply imported = admin.post("/v3/" + PROJECT + "/backups/import_record", importBody);
        assertEquals(imported.body(), 201, imported.status());
        assertEquals(backup, imported.json().get("backup").get("id").asText());
        assertEquals(2, backups.await(backup, "available", 60).get("object_count").asInt());
        assertArrayEquals(digest, VolumeBytes.sha256(volumeFile(restoreIntoNew(backup))));

        // Records that cannot be a backup here are refused and record nothing.
        String other = UUID.randomUUID().toString();
        JsonNode fields = Http.JSON.readTree(Base64.getDecoder().decode(record.get("backup_url").asText()));
        ((ObjectNode) fields).put("id", other).put("parent_id", backup + "-gone");
        String orphan = Base64.getEncoder().encodeToString(Http.JSON.writeValueAsBytes(fields));
        for (String bad : List.of("{\"backup_service\": \"cinder.backup.drivers.nfs\", \"backup_url\": \"not base64!\"}",
                "{\"backup_service\": \"swift\", \"backup_url\": \"" + record.get("backup_url").asText() + "\"}",
                "{\"backup_service\": \"cinder.backup.drivers.nfs\", \"backup_url\": \"" + orphan + "\"}")) {
            Http.Reply refused = admin.post("/v3/" + PROJECT + "/backups/import_record", "{\"backup-record\": " + bad + "}");
            assertEquals(refused.body(), 400, refused.status());
        }
        assertEquals(404, http.get("/v3/" + PROJECT + "/backups/" + other).status());

        // The record under a new id, as tempest imports it: a second backup of the same objects, which stay until the
        // last of the two is deleted.
        ((ObjectNode) fields).remove("parent_id");
        String copy = Base64.getEncoder().encodeToString(Http.JSON.writeValueAsBytes(fields));
        assertEquals(201, admin.post("/v3/" + PROJECT + "/backups/import_record", "{\"backup-record\": {\"backup_service\":"
                + " \"cinder.backup.drivers.nfs\", \"backup_url\": \"" + copy + "\"}}").status());
        backups.await(other, "available", 60);
        assertEquals(202, http.delete("/v3/" + PROJECT + "/backups/" + other).status());
        backups.awaitGone(other, 60);
        assertArrayEquals(digest, VolumeBytes.sha256(volumeFile(restoreIntoNew(backup))));
    }

    @Test
    public void anInUseVolumeIsBackedUpWithForceAndASnapshotAsItWasTaken() throws Exception {
        Path sourceFile = volumeWithRandom(100, 2, 12);
        String source = idOf(sourceFile);
        byte[] digest = VolumeBytes.sha256(sourceFile);

        // A snapshot: its backup reads a temporary volume made from it, and leaves the volume alone.
        Http.Reply snapshot = http.post("/v3/" + PROJECT + "/snapshots", "{\"snapshot\": {\"volume_id\": \"" + source
                + "\"}}");
        assertEquals(snapshot.body(), 202, snapshot.status());
        String snapshotId = snapshot.json().get("snapshot").get("id").asText();
        await("snapshot " + snapshotId + " available", 60, () -> "available".equals(http.get("/v3/" + PROJECT
                + "/snapshots/" + snapshotId).json().get("snapshot").get("status").asText()));
        Http.Reply ofSnapshot = http.post("/v3/" + PROJECT + "/backups", "{\"backup\": {\"volume_id\": \"" + source
                + "\", \"snapshot_id\": \"" + snapshotId + "\"}}");
        assertEquals(ofSnapshot.body(), 202, ofSnapshot.status());
        String snapshotBackup = ofSnapshot.json().get("backup").get("id").asText();
        // The snapshot is held while its backup is made (a copy, then reading it, takes seconds): not deleted under it.
        assertEquals("backing-up", http.get("/v3/" + PROJECT + "/snapshots/" + snapshotId).json().get("snapshot")
                .get("status").asText());
        assertEquals(400, http.delete("/v3/" + PROJECT + "/snapshots/" + snapshotId).status());
        assertEquals(snapshotId, backups.await(snapshotBackup, "available", 180).get("snapshot_id").asText());
        assertEquals("available", http.get("/v3/" + PROJECT + "/snapshots/" + snapshotId).json().get("snapshot")
                .get("status").asText());
        assertArrayEquals(digest, VolumeBytes.sha256(volumeFile(restoreIntoNew(snapshotBackup))));

        // In use: refused without force; with it, the volume stays in-use and a temporary copy is read.
        Http attachments = new Http(ENDPOINT, "ben:" + PROJECT, "volume 3.54");
        Http.Reply attached = attachments.post("/v3/" + PROJECT + "/attachments", "{\"attachment\": {\"volume_uuid\": \""
                + source + "\", \"instance_uuid\": \"" + UUID.randomUUID() + "\", \"connector\": {\"host\": \"compute-1\","
                + " \"ip\": \"127.0.0.1\"}}}");
        assertEquals(attached.body(), 200, attached.status());
        String attachment = attached.json().get("attachment").get("id").asText();
        assertEquals(204, attachments.post("/v3/" + PROJECT + "/attachments/" + attachment + "/action",
                "{\"os-complete\": null}").status());
        assertEquals(VolumeStatus.IN_USE, store.find(source).orElseThrow().status());
        Http.Reply unforced = http.post("/v3/" + PROJECT + "/backups", "{\"backup\": {\"volume_id\": \"" + source
                + "\"}}");
        assertEquals(unforced.body(), 400, unforced.status());
        assertTrue(unforced.body(), unforced.body().contains("must use the force flag"));
        Http.Reply forced = http.post("/v3/" + PROJECT + "/backups", "{\"backup\": {\"volume_id\": \"" + source
                + "\", \"force\": true}}");
        assertEquals(forced.body(), 202, forced.status());
        String inUseBackup = forced.json().get("backup").get("id").asText();
        assertEquals(VolumeStatus.IN_USE, store.find(source).orElseThrow().status());
        backups.await(inUseBackup, "available", 180);
        assertEquals("never taken from its consumer", VolumeStatus.IN_USE, store.find(source).orElseThrow().status());
        assertArrayEquals(digest, VolumeBytes.sha256(volumeFile(restoreIntoNew(inUseBackup))));
        try (Stream<Path> files = Files.list(sourceFile.getParent())) {
            assertEquals("temporary volumes removed", List.of(),
                    files.filter(file -> file.getFileName().toString().startsWith("volume-backup-")).toList());
        }
        assertEquals(200, attachments.delete("/v3/" + PROJECT + "/attachments/" + attachment).status());
        assertEquals(VolumeStatus.AVAILABLE, store.find(source).orElseThrow().status());
    }

    @Test
    public void badRequestsAreRefusedAndChangeNothing() throws Exception {
        Http.Reply noVolume = http.post("/v3/" + PROJECT + "/backups", "{\"backup\": {\"name\": \"x\"}}");
        assertEquals(noVolume.body(), 400, noVolume.status());
        Http.Reply missing = http.post("/v3/" + PROJECT + "/backups",
                "{\"backup\": {\"volume_id\": \"4a1f3b7e-0000-0000-0000-000000000000\"}}");
        assertEquals(missing.body(), 404, missing.status());
        String volume = create(http, PROJECT, createBody(1, null));
        awaitStatus(volume, VolumeStatus.AVAILABLE, 60);
        Http.Reply noParent = http.post("/v3/" + PROJECT + "/backups",
                "{\"backup\": {\"volume_id\": \"" + volume + "\", \"incremental\": true}}");
        assertEquals(noParent.body(), 400, noParent.status());
        assertTrue(noParent.body(), noParent.body().contains("No backups available to do an incremental backup"));
        assertEquals("nothing held the volume", VolumeStatus.AVAILABLE, store.find(volume).orElseThrow().status());
        Http.Reply list = http.get("/v3/" + PROJECT + "/backups/detail?volume_id=" + volume);
        assertEquals(list.body(), 0, list.json().get("backups").size());

        // Over the backups quota (in a project of its own): 413, and the volume is not held.
        String limited = PROJECT + "-quota";
        Http owner = new Http(ENDPOINT, "ben:" + limited, "3.64");
        String kept = create(owner, limited, createBody(1, null));
        awaitStatus(kept, VolumeStatus.AVAILABLE, 60);
        assertEquals(200, new Http(ENDPOINT, "admin:" + limited).call("PUT", "/v3/" + limited + "/os-quota-sets/"
                + limited, "{\"quota_set\": {\"backups\": 0}}").status());
        Http.Reply over = owner.post("/v3/" + limited + "/backups", "{\"backup\": {\"volume_id\": \"" + kept + "\"}}");
        assertEquals(over.body(), 413, over.status());
        assertEquals(VolumeStatus.AVAILABLE, store.find(kept).orElseThrow().status());
    }

    @Test
    public void anAdministratorsForceDeleteStopsARestoreOrABackupThatRuns() throws Exception {
        // A volume of random data; its first backup is made at full speed.
        Path sourceFile = volumeWithRandom(0, 1024, 10);
        String source = idOf(sourceFile);
        Path container = Path.of(System.getProperty("karaf.data"), "scoria", "backups", "backups-" + PROJECT);
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        Http admin = new Http(ENDPOINT, "admin:" + PROJECT);
        String forceDelete = "{\"os-force_delete\": {}}";
        String restored = backups.create(source, false);
        backups.await(restored, "available", 180);
        String target = create(http, PROJECT, createBody(1, null));
        awaitStatus(target, VolumeStatus.AVAILABLE, 60);

        // Held to 20 MB/s, a copy of the gigabyte runs for about 50 s: long enough to be found under way.
        String making = withBandwidthLimit(20, () -> {
            // A restore under way stops; the volume it wrote into is in error, the backup and its objects gone.
            backups.restore(restored, "{\"volume_id\": \"" + target + "\"}");
            awaitProgressWithin(restored, 20_000_000);
            Http.Reply refused = http.post("/v3/" + PROJECT + "/backups/" + restored + "/action", forceDelete);
            assertEquals(refused.body(), 403, refused.status());
            assertEquals(202, admin.post("/v3/" + PROJECT + "/backups/" + restored + "/action", forceDelete).status());
            backups.awaitGone(restored, 60);
            Volume written = awaitStatus(target, VolumeStatus.ERROR, 30);
            assertTrue(written.statusReason(), written.statusReason().contains("force-deleted"));
            assertEquals(List.of(), objects(container, restored));
            await("the restore's stop logged", 30, () -> Files.readString(log)
                    .contains("Restore of backup " + restored + " into volume " + target + " stopped"));

            // A backup being made stops and removes what it wrote; its volume is available again.
            String made = backups.create(source, false);
            awaitProgressWithin(made, 20_000_000);
            assertEquals(202, admin.post("/v3/" + PROJECT + "/backups/" + made + "/action", forceDelete).status());
            backups.awaitGone(made, 60);
            return made;
        });
        assertEquals(VolumeStatus.AVAILABLE, awaitStatus(source, VolumeStatus.AVAILABLE, 30).status());
        await("the backup's stop logged", 30, () -> Files.readString(log)
                .contains("Backup " + making + " stopped: it was force-deleted while it was made"));
        assertEquals(List.of(), objects(container, making));
        // Their written gigabytes would stay in the kept runtime folder.
        deleteAll(http, PROJECT, List.of(source, target));
    }

    /**
     * The vendor guard around backup stores: a store whose calls never return (test-bundles/stuck-vendor)
     * fails the backup at the call time limit, naming its bundle; the volume is released and the
     * manager takes the next request.
     */
    @Test
    public void aBackupStoreThatHangsFailsItsBackupInTimeAndIsNamed() throws Exception {
        File jar = new File(System.getProperty("scoria.test.stuck.vendor"));
        assertTrue("the stuck vendor bundle is built: " + jar, jar.isFile());
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        String volume = create(http, PROJECT, createBody(1, null));
        awaitStatus(volume, VolumeStatus.AVAILABLE, 60);
        org.osgi.framework.Bundle vendor = bundleContext.installBundle(jar.toURI().toString());
        org.osgi.service.cm.Configuration manager = configurationAdmin.getConfiguration("org.scoria.backup", "?");
        Dictionary<String, Object> managerBefore = manager.getProperties();
        try {
            vendor.start();
            Hashtable<String, Object> stuck = copy(managerBefore);
            stuck.put("store", "stuck");
            stuck.put("vendor.call.timeout.seconds", 2);
            reconfigureManager(manager, stuck, log);

            String backup = backups.create(volume, false);
            JsonNode failed = backups.await(backup, "error", 60);
            String reason = failed.get("fail_reason").asText();
            assertTrue(reason, reason.contains("scoria-test-stuck-vendor " + vendor.getVersion()
                    + " did not make container") && reason.contains("within 2 s"));
            assertEquals("the volume is released", VolumeStatus.AVAILABLE,
                    awaitStatus(volume, VolumeStatus.AVAILABLE, 30).status());
            assertTrue(Files.readString(log).contains("Vendor bundle scoria-test-stuck-vendor " + vendor.getVersion()
                    + " did not make container"));
            assertEquals(202, backups.delete(backup).status());
        } finally {
            reconfigureManager(manager, copy(managerBefore), log);
            vendor.uninstall();
        }
        deleteAll(http, PROJECT, List.of(volume));
    }

    /** Runs the steps with each backup and restore held to a bandwidth, then lifts the limit. */
    private <T> T withBandwidthLimit(int mbPerSecond, Callable<T> steps) throws Exception {
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        org.osgi.service.cm.Configuration manager = configurationAdmin.getConfiguration("org.scoria.backup", "?");
        Dictionary<String, Object> before = manager.getProperties();
        Hashtable<String, Object> limited = copy(before);
        limited.put("bandwidth.mb.per.second", mbPerSecond);
        reconfigureManager(manager, limited, log);
        try {
            return steps.call();
        } finally {
            reconfigureManager(manager, copy(before), log);
        }
    }

    /** Changes the backup manager's configuration and waits until the manager it restarts consumes again. */
    private static void reconfigureManager(org.osgi.service.cm.Configuration manager, Hashtable<String, Object> properties,
            Path log) throws Exception {
        long consuming = consumingLines(log);
        manager.update(properties);
        await("the backup manager consuming again", 30, () -> consumingLines(log) > consuming);
    }

    private static long consumingLines(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("Backup manager consuming scoria.backup")).count();
        }
    }

    /**
     * Waits until a backup's create or restore has reported progress (it has run for a second and runs on), and
     * checks that it runs at about the manager's bandwidth limit.
     */
    private void awaitProgressWithin(String backupId, long bytesPerSecond) throws Exception {
        await("progress of backup " + backupId, 120, () -> backupStore.find(backupId)
                .map(backup -> backup.progressPercent() != null && backup.progressPercent() > 0).orElse(false));
        Backup running = backupStore.find(backupId).orElseThrow();
        assertTrue(running.status() + " at " + running.progressPercent() + "%", running.progressPercent() < 100);
        // The first chunk goes at once: early on, the rate is up to about twice the limit. Unlimited, it is 1 GB/s.
        assertTrue(running.progressBytesPerSecond() + " B/s", running.progressBytesPerSecond() <= 3 * bytesPerSecond);
    }

    private Volume restoreIntoNew(String backupId) throws Exception {
        String volumeId = backups.restoreIntoNew(backupId, 180);
        assertEquals("restore_backup_" + backupId, http.get("/v3/" + PROJECT + "/volumes/" + volumeId).json()
                .get("volume").get("name").asText());
        return awaitStatus(volumeId, VolumeStatus.AVAILABLE, 60);
    }

    /** A new available 1 GiB volume's file, with random data (the same for the same seed) in one region. */
    private Path volumeWithRandom(long offsetMib, long lengthMib, long seed) throws Exception {
        Path file = volumeFile(awaitStatus(create(http, PROJECT, createBody(1, null)), VolumeStatus.AVAILABLE, 60));
        VolumeBytes.writeRandom(file, offsetMib * MIB, lengthMib * MIB, seed);
        return file;
    }

    /** The id of the volume whose raw file this is ({@code volume-<id>}). */
    private static String idOf(Path volumeFile) {
        return volumeFile.getFileName().toString().substring("volume-".length());
    }

    private static Path volumeFile(Volume volume) {
        return Path.of(volume.providerLocation(), "volume-" + volume.id());
    }

    private static List<Path> objects(Path container, String backupId) throws IOException {
        if (!Files.isDirectory(container)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(container)) {
            return files.filter(Files::isRegularFile).filter(path -> path.toString().contains("_backup_" + backupId))
                    .toList();
        }
    }
}
