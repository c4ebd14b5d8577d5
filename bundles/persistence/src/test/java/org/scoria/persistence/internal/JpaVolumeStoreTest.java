package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.HostUsage;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.NewSnapshot;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.PoolAllocation;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotQuery;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.Volume;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeSummary;

/** The store against a real (in-memory) Derby, migrated by the real scripts. */
public class JpaVolumeStoreTest {

    private static DataSource dataSource;
    private static EntityManagerFactory emf;
    private static JpaVolumeStore store;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        dataSource = TestDatabase.create("scoria-store-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        store = new JpaVolumeStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    @Test
    public void migrationIsIdempotentAndRecordsItsVersion() throws Exception {
        assertEquals(SchemaMigrator.MIGRATIONS.size(), SchemaMigrator.migrate(dataSource));
        assertEquals(SchemaMigrator.MIGRATIONS.size(), SchemaMigrator.migrate(dataSource));
    }

    @Test
    public void volumesAreCountedPerPool() {
        Volume first = store.create(new NewVolume("p-count", "u1", null, null, 1, "nova"));
        Volume second = store.create(new NewVolume("p-count", "u1", null, null, 2, "nova"));
        assertTrue(store.assignHost(first.id(), "node@count#count", "nova"));
        assertTrue(store.assignHost(second.id(), "node@count#count", "nova"));
        assertEquals(2, store.allocationOnHost("node@count#count", Instant.EPOCH).volumes());
        assertTrue(store.transition(second.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason("x")));
        assertTrue(store.startDelete(second.id(), VolumeStatus.ERROR, false));
        assertTrue(store.transition(second.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));
        assertEquals("a deleted volume is not counted", 1, store.allocationOnHost("node@count#count", Instant.EPOCH).volumes());
        assertEquals(0, store.allocationOnHost("node@other#other", Instant.EPOCH).volumes());
    }

    @Test
    public void aVolumeAnImageWasWrittenIntoIsAvailableBootableAndRecordsTheImage() {
        Volume volume = store.create(new NewVolume("p-image", "u1", null, null, 1, "nova"));
        Volume plain = store.create(new NewVolume("p-image", "u1", null, null, 1, "nova"));
        assertTrue(store.assignHost(volume.id(), "node@img#img", "nova"));
        assertFalse("only a downloading volume", store.imageWritten(volume.id(), VolumeChange.NONE, Map.of("image_id", "i1")));
        assertTrue(store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.DOWNLOADING,
                VolumeChange.providerLocation("share")));
        assertTrue(store.imageWritten(volume.id(), VolumeChange.NONE, Map.of("image_id", "i1", "image_name", "cirros", "hw_disk_bus", "scsi")));

        Volume written = store.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.AVAILABLE, written.status());
        assertTrue(written.bootable());
        assertTrue(written.launchedAt() != null);
        assertEquals("share", written.providerLocation());
        assertEquals(Map.of("image_id", "i1", "image_name", "cirros", "hw_disk_bus", "scsi"), written.imageMetadata());
        assertFalse("written once", store.imageWritten(volume.id(), VolumeChange.NONE, Map.of("image_id", "i2")));
        assertEquals(Map.of(), store.find(plain.id()).orElseThrow().imageMetadata());

        // A reimage from error: back to error, recording only the new image.
        assertTrue(store.transition(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.DELETING, VolumeChange.NONE));
        assertTrue(store.transition(volume.id(), VolumeStatus.DELETING, VolumeStatus.ERROR_DELETING, VolumeChange.NONE));
        assertTrue(store.reset(volume.id(), VolumeStatus.ERROR_DELETING, VolumeStatus.ERROR, null));
        assertTrue(store.transition(volume.id(), VolumeStatus.ERROR, VolumeStatus.DOWNLOADING, VolumeChange.NONE));
        assertTrue(store.imageRewritten(volume.id(), Map.of("image_id", "i3"), VolumeStatus.ERROR));
        Volume rewritten = store.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.ERROR, rewritten.status());
        assertEquals(Map.of("image_id", "i3"), rewritten.imageMetadata());
        assertFalse("only a downloading volume", store.imageRewritten(volume.id(), Map.of("image_id", "i4"),
                VolumeStatus.AVAILABLE));
    }

    @Test
    public void imageMetadataIsWrittenAndRemovedOnlyOutsideTheFrozenStatuses() {
        Set<VolumeStatus> frozen = Set.of(VolumeStatus.MAINTENANCE, VolumeStatus.UPLOADING);
        Volume volume = store.create(new NewVolume("p-image-meta", "u1", null, null, 1, "nova"));
        assertTrue(store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertEquals(Optional.of(Map.of("kernel_id", "k1", "ramdisk_id", "r1")),
                store.writeImageMetadata(volume.id(), Map.of("kernel_id", "k1", "ramdisk_id", "r1"), frozen));
        assertEquals("written over", Optional.of(Map.of("kernel_id", "k2", "ramdisk_id", "r1")),
                store.writeImageMetadata(volume.id(), Map.of("kernel_id", "k2"), frozen));
        assertTrue(store.deleteImageMetadata(volume.id(), "ramdisk_id", frozen));
        assertFalse("gone already", store.deleteImageMetadata(volume.id(), "ramdisk_id", frozen));

        assertTrue(store.transition(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.UPLOADING, VolumeChange.NONE));
        assertEquals(Optional.empty(), store.writeImageMetadata(volume.id(), Map.of("kernel_id", "k3"), frozen));
        assertFalse(store.deleteImageMetadata(volume.id(), "kernel_id", frozen));
        assertEquals(Map.of("kernel_id", "k2"), store.find(volume.id()).orElseThrow().imageMetadata());
        assertEquals(Optional.empty(), store.writeImageMetadata("no-such-volume", Map.of("k", "v"), frozen));

        // Cinder's glance_metadata filter: every pair, exact values.
        VolumeQuery all = new VolumeQuery("p-image-meta", null, null, null, null, null, Map.of(), null, null, 0, 10);
        assertEquals(List.of(volume.id()), store.query(all.withImageMetadata(Map.of("kernel_id", "k2")))
                .stream().map(Volume::id).toList());
        assertEquals(List.of(), store.query(all.withImageMetadata(Map.of("kernel_id", "k2", "ramdisk_id", "r1"))));
        assertEquals(List.of(), store.query(all.withImageMetadata(Map.of("kernel_id", "k1"))));
        assertEquals(1, store.count(all.withImageMetadata(Map.of("kernel_id", "k2"))));
    }

    @Test
    public void copiesOfABootableVolumeAreBootableAndRecordItsImageOnceMade() {
        Volume source = store.create(new NewVolume("p-inherit", "u1", null, null, 1, "nova"));
        Volume plain = store.create(new NewVolume("p-inherit", "u1", null, null, 1, "nova"));
        assertTrue(store.transition(source.id(), VolumeStatus.CREATING, VolumeStatus.DOWNLOADING, VolumeChange.NONE));
        assertTrue(store.imageWritten(source.id(), VolumeChange.NONE, Map.of("image_id", "i1", "os_distro", "debian")));
        assertTrue(store.transition(plain.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        Snapshot snapshot = new JpaSnapshotStore(emf, null).create(new NewSnapshot(source.id(), "p-inherit", "u1", "s",
                null, null), List.of(VolumeStatus.AVAILABLE)).orElseThrow();

        Volume clone = store.create(new NewVolume("p-inherit", "u1", "c", null, 1, "nova", null, source.id(), null, null));
        Volume fromSnapshot = store.create(new NewVolume("p-inherit", "u1", "f", null, 1, "nova", snapshot.id(), null,
                null, null));
        Volume ofPlain = store.create(new NewVolume("p-inherit", "u1", "p", null, 1, "nova", null, plain.id(), null, null));
        assertFalse("not before it is made", store.find(clone.id()).orElseThrow().bootable());
        for (Volume copy : List.of(clone, fromSnapshot, ofPlain)) {
            assertTrue(store.transition(copy.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        }

        for (Volume copy : List.of(clone, fromSnapshot)) {
            Volume made = store.find(copy.id()).orElseThrow();
            assertTrue(made.bootable());
            assertEquals(Map.of("image_id", "i1", "os_distro", "debian"), made.imageMetadata());
        }
        Volume madeOfPlain = store.find(ofPlain.id()).orElseThrow();
        assertFalse(madeOfPlain.bootable());
        assertEquals(Map.of(), madeOfPlain.imageMetadata());
    }

    @Test
    public void aPoolsAllocationNamesTheVolumesPlacedSinceTheMomentAsked() throws InterruptedException {
        Volume earlier = store.create(new NewVolume("p-alloc", "u1", null, null, 3, "nova"));
        assertTrue(store.assignHost(earlier.id(), "node@alloc#alloc", "nova"));
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        Volume later = store.create(new NewVolume("p-alloc", "u1", null, null, 4, "nova"));
        Volume elsewhere = store.create(new NewVolume("p-alloc", "u1", null, null, 5, "nova"));
        assertTrue(store.assignHost(later.id(), "node@alloc#alloc", "nova"));
        assertTrue(store.assignHost(elsewhere.id(), "node@other#alloc", "nova"));

        assertEquals(new PoolAllocation(2, 7, Set.of(later.id())), store.allocationOnHost("node@alloc#alloc", between));
        assertEquals(new PoolAllocation(2, 7, Set.of(earlier.id(), later.id())),
                store.allocationOnHost("node@alloc#alloc", between.minusSeconds(60)));
        // A rescheduled create leaves the pool: neither counted nor named.
        assertTrue(store.releaseHost(later.id(), "node@alloc#alloc", "nova", "no room"));
        assertEquals(new PoolAllocation(1, 3, Set.of()), store.allocationOnHost("node@alloc#alloc", between));
        assertEquals(new PoolAllocation(0, 0, Set.of()), store.allocationOnHost("node@none#none", between));
    }

    @Test
    public void requestsInProgressAreCountedPerBackendWithLikeWildcardsTakenLiterally() {
        Volume creating = store.create(new NewVolume("p-drain", "u1", null, null, 1, "nova"));
        Volume done = store.create(new NewVolume("p-drain", "u1", null, null, 1, "nova"));
        Volume lookalike = store.create(new NewVolume("p-drain", "u1", null, null, 1, "nova"));
        assertTrue(store.assignHost(creating.id(), "node@drain_a#pool1", "nova"));
        assertTrue(store.assignHost(done.id(), "node@drain_a#pool2", "nova"));
        // "_" would match any character in LIKE: this other backend must not be counted.
        assertTrue(store.assignHost(lookalike.id(), "node@drainXa#pool1", "nova"));
        assertTrue(store.transition(done.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertEquals(1, store.countInProgressOnBackend("node@drain_a"));
        assertTrue(store.startExtend(done.id(), 2, QuotaLimits.UNLIMITED));
        assertEquals(2, store.countInProgressOnBackend("node@drain_a"));
        assertTrue(store.transition(creating.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertTrue(store.transition(done.id(), VolumeStatus.EXTENDING, VolumeStatus.AVAILABLE, VolumeChange.size(2)));
        assertEquals(0, store.countInProgressOnBackend("node@drain_a"));
        assertEquals(1, store.countInProgressOnBackend("node@drainXa"));
    }

    @Test
    public void usageOnAHostCountsItsPoolsPerProjectAndTakesLikeWildcardsLiterally() {
        Volume small = store.create(new NewVolume("p-usage-a", "u1", null, null, 1, "nova"));
        Volume large = store.create(new NewVolume("p-usage-a", "u1", null, null, 3, "nova"));
        Volume other = store.create(new NewVolume("p-usage-b", "u1", null, null, 2, "nova"));
        Volume lookalike = store.create(new NewVolume("p-usage-b", "u1", null, null, 5, "nova"));
        assertTrue(store.assignHost(small.id(), "node@usage_a#pool1", "nova"));
        assertTrue(store.assignHost(large.id(), "node@usage_a#pool2", "nova"));
        assertTrue(store.assignHost(other.id(), "node@usage_a#pool1", "nova"));
        assertTrue(store.assignHost(lookalike.id(), "node@usageXa#pool1", "nova"));
        assertTrue(store.transition(small.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        JpaSnapshotStore snapshots = new JpaSnapshotStore(emf, null);
        Snapshot snapshot = snapshots.create(new NewSnapshot(small.id(), "p-usage-a", "u1", "s", null, null),
                List.of(VolumeStatus.AVAILABLE)).orElseThrow();
        assertEquals(List.of(new HostUsage("p-usage-a", 2, 4, 1, 1), new HostUsage("p-usage-b", 1, 2, 0, 0)),
                store.usageOnHost("node@usage_a"));
        assertEquals(List.of(new HostUsage("p-usage-b", 1, 5, 0, 0)), store.usageOnHost("node@usageXa"));

        // The creator's report: a guarded status change that records the progress.
        assertFalse(snapshots.report(snapshot.id(), SnapshotStatus.AVAILABLE, SnapshotStatus.ERROR, "80%"));
        assertTrue(snapshots.report(snapshot.id(), SnapshotStatus.CREATING, SnapshotStatus.ERROR, "80%"));
        Snapshot reported = snapshots.find(snapshot.id()).orElseThrow();
        assertEquals(SnapshotStatus.ERROR, reported.status());
        assertEquals("80%", reported.progress());
    }

    @Test
    public void createdVolumeIsCreatingAndListedForItsProjectOnly() {
        Volume volume = store.create(new NewVolume("p-list", "u1", "data", "desc", 3, "nova"));
        assertEquals(VolumeStatus.CREATING, volume.status());
        assertEquals(36, volume.id().length());
        Volume found = store.find(volume.id()).orElseThrow();
        assertEquals("data", found.name());
        assertEquals(3, found.sizeGb());
        assertNull(found.host());
        assertEquals(List.of(volume.id()), store.list("p-list").stream().map(Volume::id).toList());
        assertTrue(store.list("someone-else").isEmpty());
        assertTrue(store.list(null).stream().anyMatch(v -> v.id().equals(volume.id())));
    }

    @Test
    public void transitionIsGuardedOnTheCurrentStatus() {
        Volume volume = store.create(new NewVolume("p", "u", null, null, 1, "nova"));
        assertTrue(store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE,
                VolumeChange.providerLocation("/share/volume-x")));
        assertFalse("a redelivered create must not move the volume again",
                store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertFalse(store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason("late")));
        Volume available = store.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.AVAILABLE, available.status());
        assertEquals("/share/volume-x", available.providerLocation());
        assertTrue(available.launchedAt() != null);
        assertNull(available.statusReason());
    }

    @Test
    public void stateMachineRefusesTransitionsItDoesNotHave() {
        Volume volume = store.create(new NewVolume("p", "u", null, null, 1, "nova"));
        assertThrows(IllegalArgumentException.class,
                () -> store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.DELETING, VolumeChange.NONE));
        assertEquals(VolumeStatus.CREATING, store.find(volume.id()).orElseThrow().status());
    }

    @Test
    public void errorKeepsItsReason() {
        Volume volume = store.create(new NewVolume("p", "u", null, null, 1, "nova"));
        assertTrue(store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.ERROR,
                VolumeChange.reason("No valid backend was found")));
        assertEquals("No valid backend was found", store.find(volume.id()).orElseThrow().statusReason());
    }

    @Test
    public void hostIsAssignedOnce() {
        Volume volume = store.create(new NewVolume("p", "u", null, null, 1, "nova"));
        assertTrue(store.assignHost(volume.id(), "node@nfs-a#nfs-a", "az1"));
        assertFalse(store.assignHost(volume.id(), "node@nfs-b#nfs-b", "az1"));
        Volume placed = store.find(volume.id()).orElseThrow();
        assertEquals("node@nfs-a#nfs-a", placed.host());
        assertEquals("node@nfs-a", placed.backendHost());
        assertEquals("az1", placed.availabilityZone());
    }

    @Test
    public void deletedVolumeDisappearsButCannotBeDeletedTwice() {
        Volume volume = store.create(new NewVolume("p-del", "u", null, null, 1, "nova"));
        store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE);
        assertTrue(store.transition(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.DELETING, VolumeChange.NONE));
        assertTrue(store.transition(volume.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));
        assertTrue(store.find(volume.id()).isEmpty());
        assertTrue(store.list("p-del").isEmpty());
        assertFalse(store.transition(volume.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));
    }

    @Test
    public void queriesFilterSortAndPage() throws InterruptedException {
        String project = "p-query";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(store.create(new NewVolume(project, "u", "vol-" + i, null, 1 + i % 3, i < 4 ? "az1" : "az2")).id());
            // Distinct creation times (millisecond precision), so that "newest first" has one answer.
            Thread.sleep(2);
        }
        store.transition(ids.get(2), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE);
        List<VolumeQuery.SortKey> byName = List.of(new VolumeQuery.SortKey(VolumeQuery.SortField.NAME, true));

        List<Volume> page1 = store.query(new VolumeQuery(project, null, null, null, null, null, null, byName, null, 0, 3));
        assertEquals(List.of("vol-0", "vol-1", "vol-2"), page1.stream().map(Volume::name).toList());
        List<Volume> page2 = store.query(new VolumeQuery(project, null, null, null, null, null, null, byName, page1.get(2).id(), 0, 3));
        assertEquals(List.of("vol-3", "vol-4", "vol-5"), page2.stream().map(Volume::name).toList());
        assertEquals(List.of("vol-5", "vol-6"), store.query(new VolumeQuery(project, null, null, null, null, null, null, byName, null, 5, 3))
                .stream().map(Volume::name).toList());
        List<Volume> newestFirst = store.query(new VolumeQuery(project, null, null, null, null, null, null, null, null, 0, 10));
        List<Volume> firstPage = store.query(new VolumeQuery(project, null, null, null, null, null, null, null, null, 0, 3));
        List<Volume> nextPage = store.query(new VolumeQuery(project, null, null, null, null, null, null, null, firstPage.get(2).id(), 0, 3));
        assertEquals("marker paging in the default order continues where the page ended",
                newestFirst.subList(3, 6).stream().map(Volume::id).toList(), nextPage.stream().map(Volume::id).toList());
        assertEquals(newestFirst.subList(4, 7).stream().map(Volume::id).toList(), store.query(new VolumeQuery(project, null,
                null, null, null, null, null, null, firstPage.get(2).id(), 1, 3)).stream().map(Volume::id).toList());
        assertEquals("newest first by default", ids.get(6),
                store.query(new VolumeQuery(project, null, null, null, null, null, null, null, null, 0, 1)).get(0).id());

        assertEquals(List.of(ids.get(2)), store.query(new VolumeQuery(project, null, null, VolumeStatus.AVAILABLE, null, null, null, null,
                null, 0, 10)).stream().map(Volume::id).toList());
        assertEquals(3, store.count(new VolumeQuery(project, null, null, null, "az2", null, null, null, null, 0, 1)));
        assertEquals(1, store.count(new VolumeQuery(project, "vol-4", null, null, null, null, null, null, null, 0, 1)));
        assertEquals(7, store.count(new VolumeQuery(project, null, "vol-", null, null, null, null, null, null, 0, 1)));
        assertEquals(0, store.count(new VolumeQuery("p-other", null, null, null, null, null, null, null, null, 0, 1)));
        assertEquals(new VolumeSummary(7, 1 + 2 + 3 + 1 + 2 + 3 + 1, Map.of()),
                store.summarize(new VolumeQuery(project, null, null, null, null, null, null, null, null, 0, 1)));
        assertEquals(new VolumeSummary(0, 0, Map.of()), store.summarize(new VolumeQuery("p-none", null, null, null, null, null, null, null, null, 0, 1)));
        assertThrows(MissingRowException.class,
                () -> store.query(new VolumeQuery(project, null, null, null, null, null, null, null, "no-such-id", 0, 3)));
    }

    @Test
    public void describeChangesOnlyTheFieldsItSets() {
        Volume volume = store.create(new NewVolume("p", "u", "old", "kept", 1, "nova"));
        assertTrue(store.describe(volume.id(), new VolumeDescription(true, "new", false, null)));
        Volume renamed = store.find(volume.id()).orElseThrow();
        assertEquals("new", renamed.name());
        assertEquals("kept", renamed.description());
        assertTrue(store.describe(volume.id(), new VolumeDescription(false, null, true, null)));
        assertNull(store.find(volume.id()).orElseThrow().description());
        assertEquals("new", store.find(volume.id()).orElseThrow().name());
        assertFalse(store.describe("no-such-volume", new VolumeDescription(true, "x", false, null)));
    }

    @Test
    public void purgeRemovesTheRow() {
        Volume volume = store.create(new NewVolume("p", "u", null, null, 1, "nova"));
        store.purge(volume.id());
        assertTrue(store.find(volume.id()).isEmpty());
    }

    @Test
    public void concurrentTransitionsLetExactlyOneWin() throws Exception {
        assertExactlyOneWins((volume, racer) -> () -> store.transition(volume.id(), VolumeStatus.CREATING,
                racer % 2 == 0 ? VolumeStatus.AVAILABLE : VolumeStatus.ERROR, VolumeChange.NONE));
    }

    @Test
    public void concurrentPlacementsLetExactlyOneWin() throws Exception {
        assertExactlyOneWins((volume, racer) -> () -> store.assignHost(volume.id(),
                "node@backend-" + racer + "#backend-" + racer, "nova"));
    }

    /** 20 rounds of 8 threads racing on a fresh volume: the guard lets exactly one succeed each time. */
    private static void assertExactlyOneWins(BiFunction<Volume, Integer, Callable<Boolean>> race) throws Exception {
        for (int round = 0; round < 20; round++) {
            Volume volume = store.create(new NewVolume("p", "u", null, null, 1, "nova"));
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racers.add(race.apply(volume, i));
            }
            assertEquals("round " + round, 1, Races.winners(racers));
        }
    }

    @Test
    public void metadataIsStoredMergedReplacedFilteredAndSummarized() {
        String project = "p-meta";
        Volume gold = store.create(new NewVolume(project, "u", "gold", null, 2, "nova", null, null, null,
                Map.of("tier", "gold", "app", "db")));
        Volume silver = store.create(new NewVolume(project, "u", "silver", null, 1, "nova", null, null, null,
                Map.of("tier", "silver")));
        assertEquals(Map.of("tier", "gold", "app", "db"), store.find(gold.id()).orElseThrow().metadata());

        assertEquals(Map.of("tier", "gold", "app", "web", "team", "a"),
                store.writeMetadata(gold.id(), Map.of("app", "web", "team", "a"), false).orElseThrow());
        assertEquals(Map.of("tier", "bronze"), store.writeMetadata(silver.id(), Map.of("tier", "bronze"), true).orElseThrow());
        assertTrue(store.deleteMetadata(gold.id(), "team"));
        assertFalse("a key it does not have", store.deleteMetadata(gold.id(), "team"));
        assertTrue(store.writeMetadata("no-such-volume", Map.of("a", "b"), false).isEmpty());

        VolumeQuery tierGold = new VolumeQuery(project, null, null, null, null, null, Map.of("tier", "gold"), null, null, 0, 10);
        assertEquals(List.of(gold.id()), store.query(tierGold).stream().map(Volume::id).toList());
        assertEquals(0, store.count(new VolumeQuery(project, null, null, null, null, null,
                Map.of("tier", "gold", "app", "db"), null, null, 0, 10)));
        assertEquals(new VolumeSummary(2, 3, Map.of("app", List.of("web"), "tier", List.of("bronze", "gold"))),
                store.summarize(new VolumeQuery(project, null, null, null, null, null, null, null, null, 0, 1)));
    }

    @Test
    public void flagsResetAndExtendAreGuardedUpdates() {
        Volume volume = store.create(new NewVolume("p-flags", "u", null, null, 1, "nova"));
        assertNull("read-only is unset until an administrator sets it", volume.readOnly());
        assertTrue(store.setFlags(volume.id(), true, null));
        assertTrue(store.setFlags(volume.id(), null, true));
        Volume flagged = store.find(volume.id()).orElseThrow();
        assertTrue(flagged.bootable());
        assertEquals(Boolean.TRUE, flagged.readOnly());
        assertEquals(1, store.count(new VolumeQuery("p-flags", null, null, null, null, true, null, null, null, 0, 1)));
        assertEquals(0, store.count(new VolumeQuery("p-flags", null, null, null, null, false, null, null, null, 0, 1)));

        assertFalse("a reset from a status it is not in", store.reset(volume.id(), VolumeStatus.ERROR, VolumeStatus.AVAILABLE, null));
        assertTrue(store.reset(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, null));
        assertTrue(store.transition(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.EXTENDING, VolumeChange.NONE));
        assertTrue(store.transition(volume.id(), VolumeStatus.EXTENDING, VolumeStatus.AVAILABLE, VolumeChange.size(5)));
        assertEquals(5, store.find(volume.id()).orElseThrow().sizeGb());
        assertThrows(IllegalArgumentException.class,
                () -> store.reset(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.DELETED, null));
    }

    @Test
    public void snapshotsNeedTheirVolumeAndHoldBackItsDeleteUnlessCascaded() {
        JpaSnapshotStore snapshots = new JpaSnapshotStore(emf, null);
        Volume volume = store.create(new NewVolume("p-snap", "u", null, null, 2, "nova"));
        List<VolumeStatus> available = List.of(VolumeStatus.AVAILABLE);
        assertTrue("no snapshot of a volume being created",
                snapshots.create(new NewSnapshot(volume.id(), "p-snap", "u", "s0", null, null), available).isEmpty());
        store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE);
        Snapshot first = snapshots.create(new NewSnapshot(volume.id(), "p-snap", "u", "s1", null, Map.of("k", "v")),
                available).orElseThrow();
        assertEquals(2, first.volumeSizeGb());
        assertEquals(SnapshotStatus.CREATING, first.status());
        assertEquals(Map.of("k", "v"), snapshots.find(first.id()).orElseThrow().metadata());

        assertFalse("a volume with a snapshot is not deleted", store.startDelete(volume.id(), VolumeStatus.AVAILABLE, false));
        assertFalse("nor with cascade while the snapshot is being created",
                store.startDelete(volume.id(), VolumeStatus.AVAILABLE, true));
        assertEquals(VolumeStatus.AVAILABLE, store.find(volume.id()).orElseThrow().status());
        assertTrue(snapshots.transition(first.id(), SnapshotStatus.CREATING, SnapshotStatus.AVAILABLE, null, "/share/x"));
        assertEquals(List.of(first.id()), snapshots.ofVolume(volume.id()).stream().map(Snapshot::id).toList());
        assertEquals("the driver's location is recorded", "/share/x", snapshots.find(first.id()).orElseThrow().providerLocation());
        assertEquals(1, snapshots.count(new SnapshotQuery("p-snap", volume.id(), null, "s", SnapshotStatus.AVAILABLE,
                Map.of("k", "v"), null, null, 0, 10)));
        assertEquals("name~ filters", 0, snapshots.count(new SnapshotQuery("p-snap", null, null, "s2", null, null, null,
                null, 0, 10)));

        assertTrue(store.startDelete(volume.id(), VolumeStatus.AVAILABLE, true));
        assertEquals(SnapshotStatus.DELETING, snapshots.find(first.id()).orElseThrow().status());
        assertTrue(snapshots.create(new NewSnapshot(volume.id(), "p-snap", "u", "late", null, null), available).isEmpty());
    }
}
