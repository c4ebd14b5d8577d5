package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.NameInUseException;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.QosSpecs;
import org.scoria.persistence.TypeEncryption;
import org.scoria.persistence.TypeEncryptionStore;
import org.scoria.persistence.TypeLabel;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeType;
import org.scoria.persistence.VolumeTypeStore.Deletion;

/** Types, their access and defaults, and QoS specs, against a real (in-memory) Derby. */
public class JpaVolumeTypeStoreTest {

    private static EntityManagerFactory emf;
    private static JpaVolumeTypeStore types;
    private static JpaQosSpecsStore qos;
    private static JpaVolumeStore volumes;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        DataSource dataSource = TestDatabase.create("scoria-type-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        types = new JpaVolumeTypeStore(emf, schema);
        qos = new JpaQosSpecsStore(emf, schema);
        volumes = new JpaVolumeStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    @Test
    public void theDefaultTypeComesWithTheSchema() {
        VolumeType type = types.findByName(VolumeType.DEFAULT_NAME).orElseThrow();
        assertTrue(type.isPublic());
        assertEquals("Default Volume Type", type.description());
    }

    @Test
    public void namesAreUniqueAmongLiveTypesAndFreedByDelete() {
        VolumeType gold = types.create("gold-unique", "fast", true, Map.of("volume_backend_name", "nfs-1"));
        assertEquals(Map.of("volume_backend_name", "nfs-1"), types.find(gold.id()).orElseThrow().extraSpecs());
        assertThrows(NameInUseException.class, () -> types.create("gold-unique", null, true, Map.of()));
        VolumeType silver = types.create("silver-unique", null, true, Map.of());
        assertThrows(NameInUseException.class, () -> types.update(silver.id(), "gold-unique", null, null));
        assertEquals(Deletion.DELETED, types.delete(gold.id()));
        assertTrue(types.find(gold.id()).isEmpty());
        assertEquals(Deletion.NOT_FOUND, types.delete(gold.id()));
        VolumeType again = types.create("gold-unique", null, false, Map.of());
        assertEquals(again.id(), types.findByName("gold-unique").orElseThrow().id());
        assertTrue("a deleted type takes no extra specs", types.writeExtraSpecs(gold.id(), Map.of("k", "v")).isEmpty());
        assertEquals("a deleted type's extra specs go with it", 0L, (long) new Database(emf).inTransaction(em -> Database
                .count(em, "SELECT COUNT(*) FROM resource_metadata WHERE resource_id = ?", gold.id())));
    }

    @Test
    public void concurrentCreatesOfOneNameHaveOneWinner() throws Exception {
        List<Callable<Boolean>> creates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            creates.add(() -> {
                try {
                    types.create("raced", null, true, Map.of());
                    return true;
                } catch (NameInUseException e) {
                    return false;
                }
            });
        }
        assertEquals(1, Races.winners(creates));
    }

    @Test
    public void aProjectSeesPublicTypesAndThePrivateOnesItWasGiven() {
        VolumeType open = types.create("open-v", null, true, Map.of());
        VolumeType secret = types.create("secret-v", null, false, Map.of());
        assertFalse(names(types.list("p-vis", null)).contains("secret-v"));
        assertTrue(types.addProject(secret.id(), "p-vis"));
        assertFalse("access is added once", types.addProject(secret.id(), "p-vis"));
        assertEquals(List.of("p-vis"), types.projects(secret.id()));
        assertTrue(names(types.list("p-vis", true)).containsAll(List.of("open-v", "secret-v")));
        assertEquals(List.of("secret-v"), names(types.list("p-vis", false)));
        assertTrue(types.accessible(secret, "p-vis"));
        assertFalse(types.accessible(secret, "p-other"));
        assertTrue(types.accessible(open, "p-other"));
        assertFalse(names(types.list(null, true)).contains("secret-v"));
        assertTrue(names(types.list(null, false)).contains("secret-v"));
        assertTrue(types.removeProject(secret.id(), "p-vis"));
        assertFalse(types.removeProject(secret.id(), "p-vis"));
        assertFalse(names(types.list("p-vis", null)).contains("secret-v"));
    }

    @Test
    public void aTypeInUseOrAProjectsDefaultIsNotDeleted() {
        VolumeType used = types.create("used-v", null, true, Map.of());
        Volume volume = volumes.create(new NewVolume("p-use", "u", null, null, 1, null, null, null, used.id(), Map.of()));
        assertEquals(Deletion.IN_USE, types.delete(used.id()));
        assertTrue(volumes.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason("x")));
        assertTrue(volumes.startDelete(volume.id(), VolumeStatus.ERROR, false));
        assertTrue(volumes.transition(volume.id(), VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE));

        assertTrue(types.setProjectDefault("p-use", used.id()));
        assertEquals(used.id(), types.projectDefault("p-use").orElseThrow());
        assertEquals(used.id(), types.projectDefaults().get("p-use"));
        assertEquals(Deletion.PROJECT_DEFAULT, types.delete(used.id()));
        assertTrue(types.clearProjectDefault("p-use"));
        assertFalse(types.clearProjectDefault("p-use"));
        assertEquals(Deletion.DELETED, types.delete(used.id()));
        assertFalse("a deleted type cannot become a default", types.setProjectDefault("p-use", used.id()));
        assertThrows(MissingRowException.class, () -> volumes.create(
                new NewVolume("p-use", "u", null, null, 1, null, null, null, used.id(), Map.of())));
    }

    @Test
    public void aDeleteRacingCreatesNeverLeavesAVolumeOfADeletedType() throws Exception {
        for (int round = 0; round < 5; round++) {
            VolumeType type = types.create("raced-type-" + round, null, true, Map.of());
            List<Callable<Object>> work = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                work.add(() -> {
                    try {
                        return volumes.create(new NewVolume("p-race", "u", null, null, 1, null, null, null, type.id(),
                                Map.of()));
                    } catch (MissingRowException typeGone) {
                        return typeGone;
                    }
                });
            }
            work.add(4, () -> types.delete(type.id()));
            int created = 0;
            Deletion deletion = null;
            for (Object value : Races.run(work)) {
                if (value instanceof Deletion outcome) {
                    deletion = outcome;
                } else if (value instanceof Volume) {
                    created++;
                }
            }
            long live = volumes.list("p-race").stream().filter(v -> type.id().equals(v.volumeTypeId())).count();
            assertEquals(created, live);
            if (deletion == Deletion.DELETED) {
                assertEquals("a deleted type has no volumes", 0, live);
                assertTrue(types.find(type.id()).isEmpty());
            } else {
                assertEquals(Deletion.IN_USE, deletion);
                assertTrue(live > 0);
            }
        }
    }

    @Test
    public void extraSpecsAreMergedAndDeletedByKey() {
        VolumeType type = types.create("specs-v", null, true, Map.of("a", "1"));
        assertEquals(Map.of("a", "2", "b", "3"), types.writeExtraSpecs(type.id(), Map.of("a", "2", "b", "3")).orElseThrow());
        assertTrue(types.deleteExtraSpec(type.id(), "a"));
        assertFalse(types.deleteExtraSpec(type.id(), "a"));
        assertEquals(Map.of("b", "3"), types.find(type.id()).orElseThrow().extraSpecs());
        assertEquals(Boolean.FALSE, types.update(type.id(), null, "now private", false).map(VolumeType::isPublic)
                .orElseThrow());
    }

    @Test
    public void qosSpecsAreAssociatedWithOneTypeEachAndDeletedOnlyWhenFreeOrForced() {
        QosSpecs fast = qos.create("fast-q", "back-end", Map.of("total_iops_sec", "1000"));
        QosSpecs slow = qos.create("slow-q", "front-end", Map.of());
        assertThrows(NameInUseException.class, () -> qos.create("fast-q", "both", Map.of()));
        VolumeType type = types.create("qos-v", null, true, Map.of());
        assertTrue(qos.associate(fast.id(), type.id()));
        assertTrue("associating again is harmless", qos.associate(fast.id(), type.id()));
        assertFalse("a type has one set of QoS specs", qos.associate(slow.id(), type.id()));
        assertEquals(fast.id(), types.find(type.id()).orElseThrow().qosSpecsId());
        assertEquals(List.of("qos-v"), names(qos.associations(fast.id())));
        assertFalse(qos.delete(fast.id(), false));
        assertTrue(qos.find(fast.id()).isPresent());

        QosSpecs changed = qos.update(fast.id(), "both", Map.of("read_iops_sec", "500")).orElseThrow();
        assertEquals("both", changed.consumer());
        assertEquals(Map.of("total_iops_sec", "1000", "read_iops_sec", "500"), changed.specs());
        assertEquals(Map.of("read_iops_sec", "500"),
                qos.deleteKeys(fast.id(), List.of("total_iops_sec", "absent")).orElseThrow().specs());

        assertFalse(qos.disassociate(slow.id(), type.id()));
        assertTrue(qos.delete(fast.id(), true));
        assertEquals(null, types.find(type.id()).orElseThrow().qosSpecsId());
        assertTrue(qos.find(fast.id()).isEmpty());
        assertTrue(qos.delete(slow.id(), false));
    }

    private static List<String> names(List<?> resources) {
        return resources.stream().map(r -> r instanceof VolumeType t ? t.name() : ((QosSpecs) r).name()).toList();
    }

    @Test
    public void labelsNameEveryLiveTypeAndSayWhichAreEncrypted() {
        VolumeType plain = types.create("label-plain", null, true, Map.of());
        VolumeType secret = types.create("label-secret", null, true, Map.of());
        JpaTypeEncryptionStore encryption = new JpaTypeEncryptionStore(emf, null);
        assertEquals(TypeEncryptionStore.Outcome.DONE, encryption.create(new TypeEncryption(UUID.randomUUID().toString(),
                secret.id(), "luks", null, 256, "front-end", null, null)));
        assertEquals(new TypeLabel("label-plain", false), types.labels().get(plain.id()));
        assertEquals(new TypeLabel("label-secret", true), types.labels().get(secret.id()));
        assertEquals(Deletion.DELETED, types.delete(secret.id()));
        assertEquals(null, types.labels().get(secret.id()));
        assertTrue("its encryption goes with it", encryption.find(secret.id()).isEmpty());
    }
}
