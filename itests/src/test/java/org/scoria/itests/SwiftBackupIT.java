package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.scoria.fault.FaultPoints;

/**
 * Backups to a real single-node Swift (tempauth on 127.0.0.1) from the distribution run as an
 * operator runs it: the Swift store's feature installed at the shell, its configuration in
 * {@code etc/}, zstd compression, chunks of 16 MiB. What Swift holds is checked with the
 * {@code swift} CLI: the objects a full and an incremental backup write, restores that give the
 * exact bytes, deletes that leave nothing, a chunk changed in Swift that a restore refuses, a
 * backup whose process is killed midway, and a backup asked for while the store's feature is
 * uninstalled.
 */
public class SwiftBackupIT {

    private static final String PROJECT = "swift-backup-it";
    private static final String CONTAINER = "backups-" + PROJECT;
    private static final long MIB = 1 << 20;

    private static SwiftCluster swift;
    private static Distribution distribution;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    private final ProjectVolumes volumes = new ProjectVolumes("sam", PROJECT);
    private final ProjectBackups backups = new ProjectBackups(volumes.http(), PROJECT);

    @BeforeClass
    public static void start() throws Exception {
        swift = SwiftCluster.start("backup-it");
        distribution = Distribution.unpack("swift-backup");
        distribution.resendJournalQuickly();
        Files.writeString(distribution.etc("org.scoria.backup.swift.cfg"), String.join("\n",
                "auth.url=" + swift.authUrl(),
                "auth.version=1",
                "user=" + swift.user(),
                "key=" + swift.key(),
                "chunk.size.bytes=" + 16 * MIB,
                "retry.backoff.seconds=1", ""));
        Files.writeString(distribution.etc("org.scoria.backup.cfg"), "store=swift\ncompression=zstd\n");
        distribution.start();
        new ProjectVolumes("probe", PROJECT).awaitEndpoint();
        distribution.shell("feature:install scoria-backup-swift");
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
    }

    @AfterClass
    public static void stop() throws Exception {
        Distribution.stopAndDelete(distribution, swift);
    }

    @Test
    public void fullAndIncrementalBackupsInSwiftRestoreTheExactBytes() throws Exception {
        String source = volumeWithData(1);
        Path sourceFile = file(source);
        byte[] fullDigest = VolumeBytes.sha256(sourceFile);

        String full = backups.create(source, false);
        JsonNode fullView = backups.await(full, "available", 180);
        assertEquals("available", volumes.status(source));
        // Data in chunks 1, 19 and 63 of 16 MiB; the manifest last.
        List<String> fullObjects = objectsOf(source, full);
        assertEquals(fullObjects.toString(), 4, fullObjects.size());
        assertEquals(4, fullView.get("object_count").asInt());
        assertTrue(fullObjects.toString(), fullObjects.get(0).endsWith("_backup_" + full + "-00001"));
        assertTrue(fullObjects.toString(), fullObjects.get(1).endsWith("-00019"));
        assertTrue(fullObjects.toString(), fullObjects.get(2).endsWith("-00063"));
        assertTrue(fullObjects.toString(), fullObjects.get(3).endsWith("_backup_" + full + "_metadata"));
        assertEquals("zstd", Http.JSON.readTree(swift.download(CONTAINER, fullObjects.get(3))).get("compression").asText());

        // 64 KiB change in chunk 19: the incremental writes that chunk and its manifest.
        VolumeBytes.writeRandom(sourceFile, 301 * MIB, 64 * 1024, 4);
        byte[] incrementalDigest = VolumeBytes.sha256(sourceFile);
        String incremental = backups.create(source, true);
        assertEquals(2, backups.await(incremental, "available", 180).get("object_count").asInt());
        List<String> incrementalObjects = objectsOf(source, incremental);
        assertEquals(incrementalObjects.toString(), 2, incrementalObjects.size());
        assertTrue(incrementalObjects.toString(), incrementalObjects.get(0).endsWith("-00019"));

        assertArrayEquals(fullDigest, VolumeBytes.sha256(file(restoreIntoNew(full))));
        assertArrayEquals(incrementalDigest, VolumeBytes.sha256(file(restoreIntoNew(incremental))));

        assertEquals(400, backups.delete(full).status());
        assertEquals(202, backups.delete(incremental).status());
        backups.awaitGone(incremental, 60);
        assertEquals(202, backups.delete(full).status());
        backups.awaitGone(full, 60);
        assertEquals("nothing left in Swift", List.of(), swift.objects(CONTAINER, "volume_" + source + "/"));
    }

    @Test
    public void aChunkChangedInSwiftIsRefusedOnRestore() throws Exception {
        String source = volumeWithData(6);
        String backup = backups.create(source, false);
        backups.await(backup, "available", 180);
        String chunk = objectsOf(source, backup).get(0);
        // Uploaded anew, the object is whole as far as Swift knows (its ETag matches); only the manifest's SHA-256 can tell.
        byte[] stored = swift.download(CONTAINER, chunk);
        stored[stored.length / 2] ^= 0x5a;
        Path changed = distribution.home().resolve("changed-chunk");
        Files.write(changed, stored);
        swift.upload(CONTAINER, chunk, changed);
        Files.delete(changed);

        String target = backups.restore(backup, "{}");
        Await.until("volume " + target + " error_restoring", 120,
                () -> volumes.status(target).equals("error_restoring"));
        backups.await(backup, "available", 60);
        String log = Files.readString(distribution.karafLog());
        assertTrue("the log names the object", log.contains("Restore of backup " + backup + " into volume " + target
                + " failed: object " + chunk));
    }

    @Test
    public void aBackupKilledAfterItsFirstChunkCompletesAfterTheRestart() throws Exception {
        String source = volumeWithData(7);
        byte[] digest = VolumeBytes.sha256(file(source));
        distribution.stop();
        distribution.start(Map.of(FaultPoints.HALT_AT, "backup.create.chunk-stored"));
        String backup;
        try {
            volumes.awaitEndpoint();
            backup = backups.create(source, false);
            assertEquals("halted as by kill -9", FaultPoints.HALT_STATUS, distribution.awaitExit(120));
        } catch (Throwable e) {
            distribution.stop();
            distribution.start();
            throw e;
        }
        List<String> halfWritten = objectsOf(source, backup);
        System.out.println("Swift after the kill: " + halfWritten);
        assertFalse("a chunk was stored", halfWritten.isEmpty());
        assertFalse("no manifest: nothing looks like a finished backup",
                halfWritten.stream().anyMatch(name -> name.endsWith("_metadata")));

        distribution.start();
        volumes.awaitEndpoint();
        assertEquals(4, backups.await(backup, "available", 180).get("object_count").asInt());
        assertEquals("available", volumes.status(source));
        assertEquals(4, objectsOf(source, backup).size());
        assertArrayEquals(digest, VolumeBytes.sha256(file(restoreIntoNew(backup))));
    }

    @Test
    public void aBackupWaitsWhileTheSwiftStoreIsUninstalledAndCompletesWhenItIsBack() throws Exception {
        String source = volumeWithData(10);
        distribution.shell("feature:uninstall scoria-backup-swift");
        String backup = backups.create(source, false);
        // Nothing takes the request while the store is away: it waits in the queue, the volume held for it.
        Thread.sleep(3000);
        assertEquals("creating", backups.show(backup).get("status").asText());
        assertEquals("backing-up", volumes.status(source));
        assertEquals(List.of(), objectsOf(source, backup));
        distribution.shell("feature:install scoria-backup-swift");
        assertEquals(4, backups.await(backup, "available", 180).get("object_count").asInt());
        assertEquals("available", volumes.status(source));
        assertEquals(4, objectsOf(source, backup).size());
    }

    /** A new 1 GiB volume with random data in three regions (chunks 1, 19 and 63 of 16 MiB). */
    private String volumeWithData(long seed) throws Exception {
        String id = volumes.create();
        volumes.awaitStatus(id, "available", 60);
        Path file = file(id);
        VolumeBytes.writeRandom(file, 0, 4 * MIB, seed);
        VolumeBytes.writeRandom(file, 300 * MIB, 4 * MIB, seed + 1);
        VolumeBytes.writeRandom(file, 1000 * MIB, 2 * MIB, seed + 2);
        return id;
    }

    private String restoreIntoNew(String backupId) throws Exception {
        String id = backups.restoreIntoNew(backupId, 180);
        volumes.awaitStatus(id, "available", 60);
        return id;
    }

    private static Path file(String volumeId) {
        return distribution.nfsShare().resolve("volume-" + volumeId);
    }

    /** The backup's objects in Swift, as the CLI lists them. */
    private static List<String> objectsOf(String volumeId, String backupId) throws Exception {
        return swift.objects(CONTAINER, "volume_" + volumeId + "/").stream()
                .filter(name -> name.contains("_backup_" + backupId)).toList();
    }
}
