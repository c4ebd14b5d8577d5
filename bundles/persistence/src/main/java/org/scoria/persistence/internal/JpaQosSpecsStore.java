package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.QosSpecs;
import org.scoria.persistence.QosSpecsStore;
import org.scoria.persistence.VolumeType;

/** {@link QosSpecsStore} in native SQL; the association is the type's {@code qos_specs_id}. */
@Component(service = QosSpecsStore.class)
public class JpaQosSpecsStore implements QosSpecsStore {

    private final Database db;

    @Activate
    public JpaQosSpecsStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public QosSpecs create(String name, String consumer, Map<String, String> specs) {
        String id = UUID.randomUUID().toString();
        return Database.uniqueName(name, () -> db.inTransaction(em -> {
            Database.execute(em, "INSERT INTO qos_specs (id, name, live_name, consumer, created_at, deleted)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", List.of(id, name, name, consumer,
                            new Timestamp(System.currentTimeMillis()), Boolean.FALSE));
            Metadata.insert(em, id, specs);
            return read(em, "id = ?", id).get(0);
        }));
    }

    @Override
    public Optional<QosSpecs> find(String id) {
        return db.inTransaction(em -> read(em, "id = ?", id).stream().findFirst());
    }

    @Override
    public List<QosSpecs> list() {
        return db.inTransaction(em -> read(em, "1 = 1"));
    }

    @Override
    public Optional<QosSpecs> update(String id, String consumer, Map<String, String> specs) {
        return db.inTransaction(em -> {
            if (new RowUpdate("qos_specs", id).setIfPresent("consumer", consumer).execute(em) == 0) {
                return Optional.<QosSpecs>empty();
            }
            Metadata.merge(em, id, specs, false);
            return read(em, "id = ?", id).stream().findFirst();
        });
    }

    @Override
    public Optional<QosSpecs> deleteKeys(String id, List<String> keys) {
        return db.inTransaction(em -> {
            if (new RowUpdate("qos_specs", id).execute(em) == 0) {
                return Optional.<QosSpecs>empty();
            }
            keys.forEach(key -> Metadata.delete(em, id, key));
            return read(em, "id = ?", id).stream().findFirst();
        });
    }

    @Override
    public boolean delete(String id, boolean force) {
        return db.inTransaction(em -> {
            if (new RowUpdate("qos_specs", id).delete().set("live_name", null).execute(em) == 0) {
                return false;
            }
            // An associate locks the specs' row too, so no type can be associated meanwhile.
            if (!force && Database.count(em, "SELECT COUNT(*) FROM volume_types WHERE qos_specs_id = ? AND deleted = ?",
                    id, Boolean.FALSE) > 0) {
                em.getTransaction().rollback();
                return false;
            }
            disassociateAll(em, id);
            Metadata.deleteAll(em, id);
            return true;
        });
    }

    @Override
    public List<VolumeType> associations(String id) {
        return db.inTransaction(em -> JpaVolumeTypeStore.read(em, "qos_specs_id = ?", id));
    }

    @Override
    public boolean associate(String id, String typeId) {
        return db.inTransaction(em -> {
            if (new RowUpdate("qos_specs", id).execute(em) == 0
                    || new RowUpdate("volume_types", typeId).set("qos_specs_id", id)
                            .where("(qos_specs_id IS NULL OR qos_specs_id = ?)", id).execute(em) == 0) {
                em.getTransaction().rollback();
                return false;
            }
            return true;
        });
    }

    @Override
    public boolean disassociate(String id, String typeId) {
        return db.update(new RowUpdate("volume_types", typeId).set("qos_specs_id", null).where("qos_specs_id = ?", id));
    }

    @Override
    public void disassociateAll(String id) {
        db.inTransaction(em -> {
            disassociateAll(em, id);
            return null;
        });
    }

    private static void disassociateAll(EntityManager em, String id) {
        Database.execute(em, "UPDATE volume_types SET qos_specs_id = NULL, updated_at = ? WHERE qos_specs_id = ?"
                + " AND deleted = ?", List.of(new Timestamp(System.currentTimeMillis()), id, Boolean.FALSE));
    }

    private static List<QosSpecs> read(EntityManager em, String condition, Object... values) {
        List<Object[]> rows = Database.liveRows(em, "qos_specs", "id, name, consumer, created_at", condition, values);
        Map<String, Map<String, String>> specs = Metadata.of(em, rows.stream().map(row -> (String) row[0]).toList());
        List<QosSpecs> result = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            result.add(new QosSpecs((String) row[0], (String) row[1], (String) row[2], specs.get((String) row[0]),
                    Database.instant(row[3])));
        }
        return result;
    }
}
