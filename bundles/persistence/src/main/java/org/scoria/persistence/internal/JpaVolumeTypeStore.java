package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NameInUseException;
import org.scoria.persistence.TypeLabel;
import org.scoria.persistence.VolumeType;
import org.scoria.persistence.VolumeTypeStore;

/** {@link VolumeTypeStore} in native SQL over the persistence unit's connections. */
@Component(service = VolumeTypeStore.class)
public class JpaVolumeTypeStore implements VolumeTypeStore {

    static final String COLUMNS = "id, name, description, is_public, qos_specs_id, created_at, updated_at";

    private final Database db;

    @Activate
    public JpaVolumeTypeStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public VolumeType create(String name, String description, boolean isPublic, Map<String, String> extraSpecs) {
        String id = UUID.randomUUID().toString();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        return Database.uniqueName(name, () -> db.inTransaction(em -> {
            Database.execute(em, "INSERT INTO volume_types (id, name, live_name, description, is_public, created_at,"
                    + " deleted) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Arrays.asList(id, name, name, description, isPublic, now, Boolean.FALSE));
            Metadata.insert(em, id, extraSpecs);
            return read(em, "id = ?", id).get(0);
        }));
    }

    @Override
    public Optional<VolumeType> find(String id) {
        return db.inTransaction(em -> read(em, "id = ?", id).stream().findFirst());
    }

    @Override
    public Optional<VolumeType> findByName(String name) {
        return db.inTransaction(em -> read(em, "live_name = ?", name).stream().findFirst());
    }

    @Override
    public List<VolumeType> list(String projectId, Boolean isPublic) {
        if (projectId == null) {
            return db.inTransaction(em -> isPublic == null ? read(em, "1 = 1") : read(em, "is_public = ?", isPublic));
        }
        // A project sees the public types and the private ones it was given access to.
        String granted = "id IN (SELECT volume_type_id FROM volume_type_projects WHERE project_id = ?)";
        return db.inTransaction(em -> Boolean.FALSE.equals(isPublic)
                ? read(em, "is_public = ? AND " + granted, Boolean.FALSE, projectId)
                : read(em, "(is_public = ? OR " + granted + ")", Boolean.TRUE, projectId));
    }

    @Override
    public Map<String, TypeLabel> labels() {
        return db.inTransaction(em -> {
            Map<String, TypeLabel> labels = new HashMap<>();
            Database.rows(em, "SELECT t.id, t.name, e.volume_type_id FROM volume_types t LEFT JOIN"
                    + " volume_type_encryption e ON e.volume_type_id = t.id WHERE t.deleted = ?", Boolean.FALSE)
                    .forEach(row -> labels.put((String) row[0], new TypeLabel((String) row[1], row[2] != null)));
            return labels;
        });
    }

    @Override
    public Map<String, String> names() {
        return db.inTransaction(em -> {
            Map<String, String> names = new HashMap<>();
            Database.rows(em, "SELECT id, name FROM volume_types WHERE deleted = ?", Boolean.FALSE)
                    .forEach(row -> names.put((String) row[0], (String) row[1]));
            return names;
        });
    }

    @Override
    public boolean accessible(VolumeType type, String projectId) {
        return type.isPublic() || projects(type.id()).contains(projectId);
    }

    @Override
    public Optional<VolumeType> update(String id, String name, String description, Boolean isPublic) {
        return Database.uniqueName(name, () -> db.inTransaction(em -> {
            RowUpdate row = new RowUpdate("volume_types", id).setIfPresent("name", name).setIfPresent("live_name", name)
                    .setIfPresent("description", description).setIfPresent("is_public", isPublic);
            return row.execute(em) == 0 ? Optional.<VolumeType>empty() : read(em, "id = ?", id).stream().findFirst();
        }));
    }

    @Override
    public Deletion delete(String id) {
        return db.inTransaction(em -> {
            RowUpdate row = new RowUpdate("volume_types", id).delete().set("live_name", null);
            if (row.execute(em) == 0) {
                return Deletion.NOT_FOUND;
            }
            Deletion refusal = null;
            if (Database.count(em, "SELECT COUNT(*) FROM volumes WHERE volume_type_id = ? AND deleted = ?", id, Boolean.FALSE) > 0) {
                refusal = Deletion.IN_USE;
            } else if (Database.count(em, "SELECT COUNT(*) FROM project_default_types WHERE volume_type_id = ?", id) > 0) {
                refusal = Deletion.PROJECT_DEFAULT;
            }
            if (refusal != null) {
                em.getTransaction().rollback();
                return refusal;
            }
            Metadata.deleteAll(em, id);
            Database.execute(em, "DELETE FROM volume_type_projects WHERE volume_type_id = ?", List.of(id));
            Database.execute(em, "DELETE FROM volume_type_encryption WHERE volume_type_id = ?", List.of(id));
            return Deletion.DELETED;
        });
    }

    @Override
    public Optional<Map<String, String>> writeExtraSpecs(String id, Map<String, String> extraSpecs) {
        return Metadata.write(db, "volume_types", id, extraSpecs, false);
    }

    @Override
    public boolean deleteExtraSpec(String id, String key) {
        return Metadata.delete(db, id, key);
    }

    @Override
    public List<String> projects(String typeId) {
        return db.inTransaction(em -> strings(em, "SELECT project_id FROM volume_type_projects WHERE volume_type_id = ?"
                + " ORDER BY project_id", typeId));
    }

    @Override
    public boolean addProject(String typeId, String projectId) {
        return db.inTransaction(em -> {
            // The type's row first, so that concurrent adds of one pair take turns.
            if (new RowUpdate("volume_types", typeId).execute(em) == 0
                    || Database.count(em, "SELECT COUNT(*) FROM volume_type_projects WHERE volume_type_id = ? AND project_id = ?",
                            typeId, projectId) > 0) {
                return false;
            }
            Database.execute(em, "INSERT INTO volume_type_projects (volume_type_id, project_id) VALUES (?, ?)",
                    List.of(typeId, projectId));
            return true;
        });
    }

    @Override
    public boolean removeProject(String typeId, String projectId) {
        return db.update("DELETE FROM volume_type_projects WHERE volume_type_id = ? AND project_id = ?",
                List.of(typeId, projectId)) == 1;
    }

    @Override
    public Optional<String> projectDefault(String projectId) {
        return db.inTransaction(em -> strings(em, "SELECT volume_type_id FROM project_default_types WHERE project_id = ?",
                projectId).stream().findFirst());
    }

    @Override
    public Map<String, String> projectDefaults() {
        return db.inTransaction(em -> {
            Map<String, String> defaults = new TreeMap<>();
            Database.rows(em, "SELECT project_id, volume_type_id FROM project_default_types")
                    .forEach(row -> defaults.put((String) row[0], (String) row[1]));
            return defaults;
        });
    }

    @Override
    public boolean setProjectDefault(String projectId, String typeId) {
        return db.upsert(em -> {
            // Locks the type, as its delete does: a type being deleted cannot become a default.
            if (new RowUpdate("volume_types", typeId).execute(em) == 0) {
                return false;
            }
            if (Database.execute(em, "UPDATE project_default_types SET volume_type_id = ? WHERE project_id = ?",
                    List.of(typeId, projectId)) == 0) {
                Database.execute(em, "INSERT INTO project_default_types (project_id, volume_type_id) VALUES (?, ?)",
                        List.of(projectId, typeId));
            }
            return true;
        });
    }

    @Override
    public boolean clearProjectDefault(String projectId) {
        return db.update("DELETE FROM project_default_types WHERE project_id = ?", List.of(projectId)) == 1;
    }

    /** Live types matching a condition on {@code volume_types}, by name, with their extra specs. */
    static List<VolumeType> read(EntityManager em, String condition, Object... values) {
        List<Object[]> rows = Database.liveRows(em, "volume_types", COLUMNS, condition, values);
        Map<String, Map<String, String>> specs = Metadata.of(em, rows.stream().map(row -> (String) row[0]).toList());
        List<VolumeType> types = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            types.add(new VolumeType((String) row[0], (String) row[1], (String) row[2], Database.bool(row[3]),
                    (String) row[4], specs.get((String) row[0]), Database.instant(row[5]), Database.instant(row[6])));
        }
        return types;
    }

    private static List<String> strings(EntityManager em, String sql, Object... values) {
        return Database.rows(em, sql, values).stream().map(row -> (String) row[0]).toList();
    }
}
