package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
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

    @Test
    public void fullAndIncrementalBackupsRestoreTheExactBytes() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String source = create(http, PROJECT, createBody(1, null));
        Path sourceFile = volumeFile(awaitStatus(source, VolumeStatus.AVAILABLE, 60));
        // Three separate regions of random data: three 50 MiB chunks hold data, the rest is zeros.
        writeRandom(sourceFile, 0, 4 * MIB, 1);
        writeRandom(sourceFile, 300 * MIB, 4 * MIB, 2);
        writeRandom(sourceFile, 1000 * MIB, 2 * MIB, 3);
        byte[] fullDigest = sha256(sourceFile);

        String full = backup(source, false);
        JsonNode fullView = awaitBackup(full, "available");
        assertEquals("three chunks and the manifest", 4, fullView.get("object_count").asLong());
        assertEquals(false, fullView.get("is_incremental").asBoolean());
        assertEquals(VolumeStatus.AVAILABLE, store.find(source).orElseThrow().status());
        Path container = Path.of(System.getProperty("karaf.data"), "scoria", "backups", "backups-" + PROJECT);
        assertEquals(4, objects(container, full).size());

        // A few blocks change in one chunk: the incremental writes that chunk and its manifest only.
        writeRandom(sourceFile, 301 * MIB, 64 * 1024, 4);
        byte[] incrementalDigest = sha256(sourceFile);
        String incremental = backup(source, true);
        JsonNode incrementalView = awaitBackup(incremental, "available");
        assertEquals(true, incrementalView.get("is_incremental").asBoolean());
        assertEquals(2, incrementalView.get("object_count").asLong());
        assertEquals(2, objects(container, incremental).size());
        assertEquals(true, awaitBackup(full, "available").get("has_dependent_backups").asBoolean());

        // Each restores into a new volume with exactly the bytes it was taken from.
        assertArrayEquals(fullDigest, sha256(volumeFile(restoreIntoNew(full))));
        assertArrayEquals(incrementalDigest, sha256(volumeFile(restoreIntoNew(incremental))));

        // Into an existing volume: its own data is replaced.
        String target = create(http, PROJECT, createBody(1, null));
        Path targetFile = volumeFile(awaitStatus(target, VolumeStatus.AVAILABLE, 60));
        writeRandom(targetFile, 700 * MIB, MIB, 5);
        Http.Reply restore = http.post("/v3/" + PROJECT + "/backups/" + full + "/restore",
                "{\"restore\": {\"volume_id\": \"" + target + "\"}}");
        assertEquals(restore.body(), 202, restore.status());
        awaitStatus(target, VolumeStatus.RESTORING_BACKUP, 30);
        awaitStatus(target, VolumeStatus.AVAILABLE, 120);
        assertArrayEquals(fullDigest, sha256(targetFile));

        // The parent cannot go while the incremental builds on it; once it is gone, it can.
        Http.Reply refused = http.delete("/v3/" + PROJECT + "/backups/" + full);
        assertEquals(refused.body(), 400, refused.status());
        assertTrue(refused.body(), refused.body().contains("Incremental backups exist for this backup"));
        assertEquals(202, http.delete("/v3/" + PROJECT + "/backups/" + incremental).status());
        awaitBackupGone(incremental);
        assertEquals(0, objects(container, incremental).size());
        assertEquals(202, http.delete("/v3/" + PROJECT + "/backups/" + full).status());
        awaitBackupGone(full);
        assertEquals(0, objects(container, full).size());
    }

    @Test
    public void aCorruptedChunkIsDetectedOnRestore() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String source = create(http, PROJECT, createBody(1, null));
        Path sourceFile = volumeFile(awaitStatus(source, VolumeStatus.AVAILABLE, 60));
        writeRandom(sourceFile, 0, 8 * MIB, 6);
        String backup = backup(source, false);
        awaitBackup(backup, "available");
        Path container = Path.of(System.getProperty("karaf.data"), "scoria", "backups", "backups-" + PROJECT);
        Path chunk = objects(container, backup).stream().filter(path -> path.toString().endsWith("-00001"))
                .findFirst().orElseThrow();
        byte[] stored = Files.readAllBytes(chunk);
        stored[stored.length / 2] ^= 0x5a;
        Files.write(chunk, stored);

        Http.Reply restore = http.post("/v3/" + PROJECT + "/backups/" + backup + "/restore", "{\"restore\": {}}");
        assertEquals(restore.body(), 202, restore.status());
        String volumeId = restore.json().get("restore").get("volume_id").asText();
        Volume failed = awaitStatus(volumeId, VolumeStatus.ERROR_RESTORING, 120);
        System.out.println("corrupted chunk: " + failed.statusReason());
        assertTrue(failed.statusReason(), failed.statusReason().contains(chunk.getFileName().toString()));
        assertEquals("the backup itself is available again", "available",
                awaitBackup(backup, "available").get("status").asText());
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

    private String backup(String volumeId, boolean incremental) throws IOException {
        Http.Reply reply = http.post("/v3/" + PROJECT + "/backups", "{\"backup\": {\"volume_id\": \"" + volumeId
                + "\", \"incremental\": " + incremental + "}}");
        assertEquals(reply.body(), 202, reply.status());
        return reply.json().get("backup").get("id").asText();
    }

    private Volume restoreIntoNew(String backupId) throws Exception {
        Http.Reply reply = http.post("/v3/" + PROJECT + "/backups/" + backupId + "/restore", "{\"restore\": {}}");
        assertEquals(reply.body(), 202, reply.status());
        String volumeId = reply.json().get("restore").get("volume_id").asText();
        assertEquals("restore_backup_" + backupId, reply.json().get("restore").get("volume_name").asText());
        Volume restored = awaitStatus(volumeId, VolumeStatus.AVAILABLE, 180);
        awaitBackup(backupId, "available");
        return restored;
    }

    private JsonNode awaitBackup(String id, String status) throws Exception {
        JsonNode[] view = new JsonNode[1];
        await("backup " + id + " " + status, 180, () -> {
            view[0] = http.get("/v3/" + PROJECT + "/backups/" + id).json().get("backup");
            if ("error".equals(view[0].get("status").asText()) && !"error".equals(status)) {
                throw new AssertionError("backup " + id + " failed: " + view[0].get("fail_reason"));
            }
            return status.equals(view[0].get("status").asText());
        });
        return view[0];
    }

    private void awaitBackupGone(String id) throws Exception {
        await("backup " + id + " deleted", 60, () -> http.get("/v3/" + PROJECT + "/backups/" + id).status() == 404);
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

    private static void writeRandom(Path file, long offset, long length, long seed) throws IOException {
        byte[] data = new byte[(int) length];
        new Random(seed).nextBytes(data);
        try (RandomAccessFile volume = new RandomAccessFile(file.toFile(), "rw")) {
            volume.seek(offset);
            volume.write(data);
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }
}
