package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.NewSnapshot;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeType;

/** Quota checks against a real (in-memory) Derby: exact under concurrency, counted from the rows. */
public class QuotaTest {

    private static EntityManagerFactory emf;
    private static JpaVolumeStore volumes;
    private static JpaSnapshotStore snapshots;
    private static JpaQuotaStore quotas;
    private static JpaVolumeTypeStore types;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        DataSource dataSource = TestDatabase.create("scoria-quota-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        volumes = new JpaVolumeStore(emf, schema);
        snapshots = new JpaSnapshotStore(emf, schema);
        quotas = new JpaQuotaStore(emf, schema);
        types = new JpaVolumeTypeStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    private static NewVolume volume(String project, int size, String typeId) {
        return new NewVolume(project, "u", null, null, size, null, null, null, typeId, Map.of());
    }

    @Test
    public void concurrentCreatesNeverExceedTheLimit() throws Exception {
        QuotaLimits limits = new QuotaLimits(Map.of(QuotaLimits.VOLUMES, 5L, QuotaLimits.GIGABYTES, 100L));
        List<Callable<Boolean>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            creates.add(() -> {
                try {
                    volumes.create(volume("q-race", 1, null), limits);
                    return true;
                } catch (QuotaExceededException e) {
                    assertEquals(QuotaLimits.VOLUMES, e.resource());
                    return false;
                }
            });
        }
        assertEquals(5, Races.winners(creates));
        assertEquals(5L, (long) quotas.usage("q-race").get(QuotaLimits.VOLUMES));
        assertEquals(5, volumes.list("q-race").size());
    }

    @Test
    public void snapshotsAndExtendsCountAgainstGigabytesAndDeletesFreeThem() {
        QuotaLimits limits = new QuotaLimits(Map.of(QuotaLimits.GIGABYTES, 10L, QuotaLimits.SNAPSHOTS, 1L));
        Volume big = volumes.create(volume("q-gb", 4, null), limits);
        assertTrue(volumes.transition(big.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        snapshots.create(new NewSnapshot(big.id(), "q-gb", "u", null, null, Map.of()), List.of(VolumeStatus.AVAILABLE),
                limits).orElseThrow();
        assertEquals("4 GiB volume + its 4 GiB snapshot", 8L, (long) quotas.usage("q-gb").get(QuotaLimits.GIGABYTES));
        QuotaExceededException overSnapshots = assertThrows(QuotaExceededException.class, () -> snapshots.create(
                new NewSnapshot(big.id(), "q-gb", "u", null, null, Map.of()), List.of(VolumeStatus.AVAILABLE), limits));
        assertEquals(QuotaLimits.SNAPSHOTS, overSnapshots.resource());
        QuotaExceededException overGigabytes = assertThrows(QuotaExceededException.class,
                () -> volumes.create(volume("q-gb", 3, null), limits));
        assertEquals(QuotaLimits.GIGABYTES, overGigabytes.resource());
        assertEquals(8, overGigabytes.inUse());

        assertThrows(QuotaExceededException.class, () -> volumes.startExtend(big.id(), 7, limits));
        assertEquals("a refused extend changes nothing", VolumeStatus.AVAILABLE, volumes.find(big.id()).orElseThrow().status());
        assertTrue(volumes.startExtend(big.id(), 6, limits));
        assertEquals("the extend counts at once", 10L, (long) quotas.usage("q-gb").get(QuotaLimits.GIGABYTES));
        assertFalse("one extend at a time", volumes.startExtend(big.id(), 6, limits));
        assertTrue(volumes.transition(big.id(), VolumeStatus.EXTENDING, VolumeStatus.ERROR_EXTENDING,
                VolumeChange.reason("driver failed")));
        assertEquals("a failed extend gives its growth back", 8L, (long) quotas.usage("q-gb").get(QuotaLimits.GIGABYTES));
        Volume growing = volumes.create(volume("q-gb", 1, null), limits);
        assertTrue(volumes.transition(growing.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertTrue(volumes.startExtend(growing.id(), 2, limits));
        assertTrue(volumes.startDelete(growing.id(), VolumeStatus.EXTENDING, false));
        assertEquals("a delete forced during an extend gives its growth back", 9L,
                (long) quotas.usage("q-gb").get(QuotaLimits.GIGABYTES));
        assertTrue(volumes.transition(growing.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));

        Volume small = volumes.create(volume("q-gb", 2, null), limits);
        assertTrue(volumes.transition(small.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason("x")));
        assertTrue(volumes.startDelete(small.id(), VolumeStatus.ERROR, false));
        assertTrue(volumes.transition(small.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));
        assertEquals(8L, (long) quotas.usage("q-gb").get(QuotaLimits.GIGABYTES));
    }

    @Test
    public void typesHaveTheirOwnLimitsAndARetypeIsCheckedAgainstTheNewOnes() {
        VolumeType gold = types.create("quota-gold", null, true, Map.of());
        VolumeType silver = types.create("quota-silver", null, true, Map.of());
        QuotaLimits limits = new QuotaLimits(Map.of(QuotaLimits.ofType(QuotaLimits.VOLUMES, gold.id()), 1L));
        Volume first = volumes.create(volume("q-type", 1, gold.id()), limits);
        assertThrows(QuotaExceededException.class, () -> volumes.create(volume("q-type", 1, gold.id()), limits));
        Volume other = volumes.create(volume("q-type", 1, silver.id()), limits);
        assertTrue(volumes.transition(other.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        assertThrows(QuotaExceededException.class,
                () -> volumes.changeType(other.id(), VolumeStatus.AVAILABLE, silver.id(), gold.id(), limits));
        assertEquals(silver.id(), volumes.find(other.id()).orElseThrow().volumeTypeId());
        assertEquals(1L, (long) quotas.usage("q-type").get(QuotaLimits.ofType(QuotaLimits.VOLUMES, gold.id())));
        assertTrue(volumes.transition(first.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason("x")));
        assertTrue(volumes.startDelete(first.id(), VolumeStatus.ERROR, false));
        assertTrue(volumes.transition(first.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));
        assertTrue(volumes.changeType(other.id(), VolumeStatus.AVAILABLE, silver.id(), gold.id(), limits));
    }

    @Test
    public void limitsAreSetPerProjectAndPerClass() {
        quotas.setProjectLimits("q-limits", Map.of(QuotaLimits.VOLUMES, 3L, QuotaLimits.GIGABYTES, 30L));
        quotas.setProjectLimits("q-limits", Map.of(QuotaLimits.VOLUMES, 4L));
        assertEquals(Map.of(QuotaLimits.VOLUMES, 4L, QuotaLimits.GIGABYTES, 30L), quotas.projectLimits("q-limits"));
        quotas.clearProjectLimits("q-limits");
        assertTrue(quotas.projectLimits("q-limits").isEmpty());
        quotas.setClassLimits("default", Map.of(QuotaLimits.SNAPSHOTS, 7L));
        assertEquals(Map.of(QuotaLimits.SNAPSHOTS, 7L), quotas.classLimits("default"));
    }

    /** Two first writes of one project's limit both insert: the loser runs again and updates. */
    @Test
    public void concurrentFirstWritesOfALimitAllSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            String project = "q-first-" + round;
            List<Callable<Object>> writes = new ArrayList<>();
            for (long limit = 1; limit <= 8; limit++) {
                long value = limit;
                writes.add(() -> {
                    quotas.setProjectLimits(project, Map.of(QuotaLimits.VOLUMES, value));
                    return null;
                });
            }
            Races.run(writes);
            Map<String, Long> stored = quotas.projectLimits(project);
            assertEquals(1, stored.size());
            long value = stored.get(QuotaLimits.VOLUMES);
            assertTrue("one of the values written, was " + value, value >= 1 && value <= 8);
        }
    }
}
