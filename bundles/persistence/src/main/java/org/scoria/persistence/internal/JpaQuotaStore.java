package org.scoria.persistence.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.QuotaStore;

/** {@link QuotaStore} in native SQL; usage through {@link QuotaLedger}. */
@Component(service = QuotaStore.class)
public class JpaQuotaStore implements QuotaStore {

    private final Database db;

    @Activate
    public JpaQuotaStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Map<String, Long> projectLimits(String projectId) {
        return db.inTransaction(em -> limits(em, "project_quotas", "project_id", projectId));
    }

    @Override
    public void setProjectLimits(String projectId, Map<String, Long> limits) {
        db.upsert(em -> write(em, "project_quotas", "project_id", projectId, limits));
    }

    @Override
    public void clearProjectLimits(String projectId) {
        db.update("DELETE FROM project_quotas WHERE project_id = ?", List.of(projectId));
    }

    @Override
    public Map<String, Long> classLimits(String className) {
        return db.inTransaction(em -> limits(em, "quota_classes", "class_name", className));
    }

    @Override
    public void setClassLimits(String className, Map<String, Long> limits) {
        db.upsert(em -> write(em, "quota_classes", "class_name", className, limits));
    }

    @Override
    public Map<String, Long> usage(String projectId) {
        return db.inTransaction(em -> QuotaLedger.usage(em, projectId));
    }

    private static Map<String, Long> limits(EntityManager em, String table, String owner, String id) {
        Map<String, Long> limits = new TreeMap<>();
        Database.rows(em, "SELECT resource, hard_limit FROM " + table + " WHERE " + owner + " = ?", id)
                .forEach(row -> limits.put((String) row[0], ((Number) row[1]).longValue()));
        return limits;
    }

    private static int write(EntityManager em, String table, String owner, String id, Map<String, Long> limits) {
        limits.forEach((resource, limit) -> {
            // Delete and insert, not update-or-insert: one statement pair that works alike on Derby and PostgreSQL.
            Database.execute(em, "DELETE FROM " + table + " WHERE " + owner + " = ? AND resource = ?", List.of(id, resource));
            Database.execute(em, "INSERT INTO " + table + " (" + owner + ", resource, hard_limit) VALUES (?, ?, ?)",
                    List.of(id, resource, limit));
        });
        return limits.size();
    }
}
