package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.NewBackup;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;

/** Backups and the volume statuses they hold, against a real (in-memory) Derby. */
public class JpaBackupStoreTest {

    private static EntityManagerFactory emf;
    private static JpaVolumeStore volumes;
    private static JpaBackupStore backups;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        DataSource dataSource = TestDatabase.create("scoria-backup-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        volumes = new JpaVolumeStore(emf, schema);
        backups = new JpaBackupStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    private static Volume created() {
        Volume volume = volumes.create(new NewVolume("p-backup", "u", null, null, 1, "nova", null, null, null, Map.of()),
                QuotaLimits.UNLIMITED);
        assertTrue(volumes.assignHost(volume.id(), "node@b#b", "nova"));
        return volume;
    }

    private static Volume available() {
        Volume volume = created();
        assertTrue(volumes.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        return volumes.find(volume.id()).orElseThrow();
    }

    private static VolumeStatus status(String volumeId) {
        return volumes.find(volumeId).orElseThrow().status();
    }

    /** A finished full backup of a new available volume. */
    private static Backup finishedBackup() {
        Volume volume = available();
        String id = UUID.randomUUID().toString();
        backups.create(id, new NewBackup("p-backup", "u", volume.id(), null, null, null, null, false, "nova", Map.of()),
                QuotaLimits.UNLIMITED).orElseThrow();
        assertEquals(VolumeStatus.BACKING_UP, status(volume.id()));
        assertTrue(backups.begin(id, "nfs", "c", "volume_" + volume.id() + "/t/az_nova_backup_" + id, "bh"));
        assertTrue(backups.holdsVolume(id));
        assertTrue(backups.created(id, 3));
        assertEquals(VolumeStatus.AVAILABLE, status(volume.id()));
        return backups.find(id).orElseThrow();
    }

    @Test
    public void aBackupThatDoesNotHoldItsVolumeNeverReleasesItFromAnother() {
        Volume volume = available();
        String held = UUID.randomUUID().toString();
        backups.create(held, new NewBackup("p-backup", "u", volume.id(), null, null, null, null, false, "nova", Map.of()),
                QuotaLimits.UNLIMITED).orElseThrow();
        // A forced backup asks for an in-use volume; this one is held by the other backup, so it is refused.
        assertTrue(backups.create(UUID.randomUUID().toString(), new NewBackup("p-backup", "u", volume.id(), null, null,
                null, null, false, "nova", Map.of(), true), QuotaLimits.UNLIMITED).isEmpty());
        Backup finished = finishedBackup();
        String snapshotless = UUID.randomUUID().toString();
        assertTrue("no such snapshot", backups.create(snapshotless, new NewBackup("p-backup", "u", finished.volumeId(),
                UUID.randomUUID().toString(), null, null, null, false, "nova", Map.of()), QuotaLimits.UNLIMITED).isEmpty());
        assertEquals(VolumeStatus.BACKING_UP, status(volume.id()));
        assertTrue(backups.holdsVolume(held));
        assertTrue(backups.failed(held, "test"));
        assertEquals(VolumeStatus.AVAILABLE, status(volume.id()));
    }

    @Test
    public void aVolumeCreatedForARestoreIsHeldByItAsSoonAsItIsMade() {
        Backup backup = finishedBackup();
        Volume target = created();
        assertTrue(backups.startRestoreIntoNew(backup.id(), target.id()));
        assertTrue(volumes.transition(target.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertEquals("never available before the restore wrote it", VolumeStatus.RESTORING_BACKUP, status(target.id()));
        assertTrue(backups.restored(backup.id(), target.id()));
        assertEquals(VolumeStatus.AVAILABLE, status(target.id()));
        assertEquals(BackupStatus.AVAILABLE, backups.find(backup.id()).orElseThrow().status());
        assertEquals("an ordinary create is available", VolumeStatus.AVAILABLE, status(available().id()));
    }

    @Test
    public void anImportedRecordIsAvailableOnlyOnceCheckedAndTouchesNoVolume() {
        Backup exported = finishedBackup();
        assertTrue("a live backup with the id", backups.importRecord(exported).isEmpty());

        // The same volume is being backed up meanwhile: an import of its backups must not release it.
        Volume busy = available();
        backups.create(UUID.randomUUID().toString(), new NewBackup("p-backup", "u", busy.id(), null, null, null, null,
                false, "nova", Map.of()), QuotaLimits.UNLIMITED).orElseThrow();
        String id = UUID.randomUUID().toString();
        Backup record = withIdAndVolume(exported, id, busy.id(), null);
        Backup imported = backups.importRecord(record).orElseThrow();
        assertEquals(BackupStatus.CREATING, imported.status());
        assertEquals("nfs", imported.store());
        assertNull("set once checked", imported.dataTimestamp());
        Instant taken = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        assertTrue(backups.imported(id, 3, taken, null));
        assertFalse("only once", backups.imported(id, 3, taken, null));
        assertEquals(BackupStatus.AVAILABLE, backups.find(id).orElseThrow().status());
        assertEquals(taken, backups.find(id).orElseThrow().dataTimestamp());
        assertEquals(VolumeStatus.BACKING_UP, status(busy.id()));

        String child = UUID.randomUUID().toString();
        backups.importRecord(withIdAndVolume(exported, child, busy.id(), id)).orElseThrow();
        assertTrue(backups.imported(child, 1, Instant.now(), null));
        assertEquals("the parent counts its imported child", 1, backups.find(id).orElseThrow().dependentBackups());

        String failed = UUID.randomUUID().toString();
        backups.importRecord(withIdAndVolume(exported, failed, busy.id(), null)).orElseThrow();
        assertTrue(backups.imported(failed, 0, Instant.now(), "Import failed: no manifest"));
        Backup error = backups.find(failed).orElseThrow();
        assertEquals(BackupStatus.ERROR, error.status());
        assertEquals("Import failed: no manifest", error.failReason());
        assertNull("deleting it removes no object", error.objectPrefix());
        assertFalse(backups.holdsVolume(failed));

        assertThrows(IllegalArgumentException.class, () -> backups.importRecord(withIdAndVolume(exported,
                UUID.randomUUID().toString(), busy.id(), UUID.randomUUID().toString())));
    }

    @Test
    public void recordsOfTheSameObjectsKeepThemUntilTheLastIsDeleted() {
        Backup exported = finishedBackup();
        assertFalse("alone", backups.objectsShared(exported.id()));
        String copy = UUID.randomUUID().toString();
        backups.importRecord(withIdAndVolume(exported, copy, exported.volumeId(), null)).orElseThrow();
        assertTrue("while the copy is checked", backups.objectsShared(exported.id()));
        assertTrue(backups.imported(copy, 3, Instant.now(), null));
        assertTrue(backups.objectsShared(exported.id()));
        assertTrue(backups.objectsShared(copy));

        assertTrue(backups.startDelete(exported.id()));
        // Of two being deleted, each removes the objects; the copy alone no longer keeps them for the other.
        assertFalse(backups.objectsShared(copy));
        assertTrue("the other still holds them", backups.objectsShared(exported.id()));
        assertThrows("no record of objects being removed is imported", IllegalArgumentException.class,
                () -> backups.importRecord(withIdAndVolume(exported, UUID.randomUUID().toString(), exported.volumeId(),
                        null)));
        assertTrue(backups.deleted(exported.id()));
        assertFalse(backups.objectsShared(copy));
    }

    @Test
    public void aForceDeleteStopsWorkAndItsEndLetsGoWhatTheWorkHeld() {
        // While it is made: its volume is available again once the delete ends, not before.
        Volume volume = available();
        String making = UUID.randomUUID().toString();
        backups.create(making, new NewBackup("p-backup", "u", volume.id(), null, null, null, null, false, "nova",
                Map.of()), QuotaLimits.UNLIMITED).orElseThrow();
        backups.progress(making, 40, 1000);
        assertTrue(backups.startForceDelete(making));
        Backup deleting = backups.find(making).orElseThrow();
        assertEquals(BackupStatus.DELETING, deleting.status());
        assertNull(deleting.progressPercent());
        assertFalse("already being deleted", backups.startForceDelete(making));
        assertFalse("the work's own end changes nothing", backups.failed(making, "stopped"));
        assertEquals(VolumeStatus.BACKING_UP, status(volume.id()));
        assertTrue(backups.deleted(making));
        assertEquals(VolumeStatus.AVAILABLE, status(volume.id()));
        assertFalse("gone", backups.startForceDelete(making));

        // While it is restored: the volume it was written into goes to error.
        Backup backup = finishedBackup();
        Volume target = available();
        assertTrue(backups.startRestore(backup.id(), target.id()));
        assertTrue(backups.startForceDelete(backup.id()));
        assertFalse("the restore's own end changes nothing", backups.restored(backup.id(), target.id()));
        assertEquals(VolumeStatus.RESTORING_BACKUP, status(target.id()));
        assertTrue(backups.deleted(backup.id()));
        Volume failed = volumes.find(target.id()).orElseThrow();
        assertEquals(VolumeStatus.ERROR, failed.status());
        assertTrue(failed.statusReason(), failed.statusReason().contains(backup.id()));
        assertEquals("the volume it was made from was let go when it finished", VolumeStatus.AVAILABLE,
                status(backup.volumeId()));

        // A failed backup's delete leaves a newer backup's hold on the same volume alone.
        Volume busy = available();
        String failedOne = UUID.randomUUID().toString();
        backups.create(failedOne, new NewBackup("p-backup", "u", busy.id(), null, null, null, null, false, "nova",
                Map.of()), QuotaLimits.UNLIMITED).orElseThrow();
        assertTrue(backups.failed(failedOne, "test"));
        backups.create(UUID.randomUUID().toString(), new NewBackup("p-backup", "u", busy.id(), null, null, null, null,
                false, "nova", Map.of()), QuotaLimits.UNLIMITED).orElseThrow();
        assertTrue(backups.startForceDelete(failedOne));
        assertTrue(backups.deleted(failedOne));
        assertEquals(VolumeStatus.BACKING_UP, status(busy.id()));

        // One that others build on is refused, as a delete is.
        Backup parent = finishedBackup();
        Backup child = withIdAndVolume(parent, UUID.randomUUID().toString(), parent.volumeId(), parent.id());
        backups.importRecord(child).orElseThrow();
        assertTrue(backups.imported(child.id(), 1, Instant.now(), null));
        assertFalse(backups.startForceDelete(parent.id()));
        assertEquals(BackupStatus.AVAILABLE, backups.find(parent.id()).orElseThrow().status());
    }

    private static Backup withIdAndVolume(Backup backup, String id, String volumeId, String parentId) {
        return new Backup(id, backup.projectId(), backup.userId(), volumeId, null, backup.name(), backup.description(),
                BackupStatus.CREATING, null, backup.sizeGb(), backup.objectCount(), backup.store(), backup.container(),
                backup.objectPrefix(), parentId, 0, parentId != null, backup.availabilityZone(), null, null, null, null,
                null, Map.of(), backup.createdAt(), backup.updatedAt());
    }
}
