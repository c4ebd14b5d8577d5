package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.util.Filter;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
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

    @Test
    public void fullAndIncrementalBackupsRestoreTheExactBytes() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String source = create(http, PROJECT, createBody(1, null));
        Path sourceFile = volumeFile(awaitStatus(source, VolumeStatus.AVAILABLE, 60));
        // Three separate regions of random data: three 50 MiB chunks hold data, the rest is zeros.
        VolumeBytes.writeRandom(sourceFile, 0, 4 * MIB, 1);
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
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String source = create(http, PROJECT, createBody(1, null));
        Path sourceFile = volumeFile(awaitStatus(source, VolumeStatus.AVAILABLE, 60));
        VolumeBytes.writeRandom(sourceFile, 0, 8 * MIB, 6);
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
        assertEquals("the backup itself is available again", "available",
                backups.await(backup, "available", 180).get("status").asText());
    }

    @Test
    public void theShellMakesListsShowsRestoresAndDeletesBackupsWithTheirProgress() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String source = create(http, PROJECT, createBody(1, null));
        Path sourceFile = volumeFile(awaitStatus(source, VolumeStatus.AVAILABLE, 60));
        // Enough random data that the backup runs for seconds, long enough to see its progress.
        VolumeBytes.writeRandom(sourceFile, 0, 600 * MIB, 8);
        byte[] digest = VolumeBytes.sha256(sourceFile);

        String backup = shell("scoria:backup-create --name nightly " + source).strip();
        assertEquals(backup, backups.show(backup).get("id").asText());
        String[] running = new String[1];
        await("backup-list showing the progress of " + backup, 120, () -> {
            running[0] = shell("scoria:backup-list --volume " + source);
            return running[0].matches("(?s).*" + backup + ".*creating.*\\d+ % at [0-9.]+ MB/s.*");
        });
        System.out.println("while it runs:\n" + running[0]);
        backups.await(backup, "available", 180);
        String listed = shell("scoria:backup-list --project " + PROJECT + " --status available --no-format");
        assertTrue(listed, listed.contains(backup) && listed.contains(source));
        String shown = shell("scoria:backup-show " + backup);
        assertTrue(shown, shown.contains("nightly") && shown.contains("backups-" + PROJECT) && shown.contains("nfs"));

        String restored = shell("scoria:backup-restore " + backup).strip();
        // The backup is restoring from the command's return on; the new volume is available once made, then held
        // by the restore until the backup is available again.
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
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String source = create(http, PROJECT, createBody(1, null));
        Path sourceFile = volumeFile(awaitStatus(source, VolumeStatus.AVAILABLE, 60));
        VolumeBytes.writeRandom(sourceFile, 200 * MIB, 3 * MIB, 9);
        byte[] digest = VolumeBytes.sha256(sourceFile);
        String backup = backups.create(source, false);
        backups.await(backup, "available", 180);

        Http admin = new Http(ENDPOINT, "admin:" + PROJECT, "3.64");
        assertEquals(403, http.get("/v3/" + PROJECT + "/backups/" + backup + "/export_record").status());
        Http.Reply exported = admin.get("/v3/" + PROJECT + "/backups/" + backup + "/export_record");
        assertEquals(exported.body(), 200, exported.status());
        JsonNode record = exported.json().get("backup-record");
        assertEquals("nfs", record.get("backup_service").asText());
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
        for (String bad : List.of("{\"backup_service\": \"nfs\", \"backup_url\": \"not base64!\"}",
                "{\"backup_service\": \"swift\", \"backup_url\": \"" + record.get("backup_url").asText() + "\"}",
                "{\"backup_service\": \"nfs\", \"backup_url\": \"" + orphan + "\"}")) {
            Http.Reply refused = admin.post("/v3/" + PROJECT + "/backups/import_record", "{\"backup-record\": " + bad + "}");
            assertEquals(refused.body(), 400, refused.status());
        }
        assertEquals(404, http.get("/v3/" + PROJECT + "/backups/" + other).status());

        // A record whose objects are not this backup's: the import ends in error, saying why.
        ((ObjectNode) fields).remove("parent_id");
        String mismatched = Base64.getEncoder().encodeToString(Http.JSON.writeValueAsBytes(fields));
        assertEquals(201, admin.post("/v3/" + PROJECT + "/backups/import_record", "{\"backup-record\": {\"backup_service\":"
                + " \"nfs\", \"backup_url\": \"" + mismatched + "\"}}").status());
        JsonNode failed = backups.await(other, "error", 60);
        assertTrue(failed.toString(), failed.get("fail_reason").asText().contains("is backup " + backup + "'s"));
    }

    @Test
    public void badRequestsAreRefusedAndChangeNothing() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
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

    private Volume restoreIntoNew(String backupId) throws Exception {
        String volumeId = backups.restore(backupId, "{}");
        assertEquals("restore_backup_" + backupId, http.get("/v3/" + PROJECT + "/volumes/" + volumeId).json()
                .get("volume").get("name").asText());
        Volume restored = awaitStatus(volumeId, VolumeStatus.AVAILABLE, 180);
        backups.await(backupId, "available", 60);
        return restored;
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
