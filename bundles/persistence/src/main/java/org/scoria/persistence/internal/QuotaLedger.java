package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.VolumeStatus;

/**
 * Checks quota within the caller's transaction. Usage is counted from the rows themselves under
 * the project's lock row, which every consuming change takes after its other locks (type row,
 * then volume row, then project row, so no two changes wait on each other in a cycle).
 */
final class QuotaLedger {

    private QuotaLedger() {
    }

    /** Makes sure the project's lock row exists, in its own transaction (a concurrent insert of it is fine). */
    static void ensureProject(Database db, String projectId) {
        if (db.quotaProjects().contains(projectId)) {
            return;
        }
        try {
            db.inTransaction(em -> Database.execute(em, "INSERT INTO quota_projects (project_id) VALUES (?)",
                    List.of(projectId)));
        } catch (RuntimeException e) {
            // Another transaction inserting it first is all this wanted.
            if (!Database.duplicateKey(e)) {
                throw e;
            }
        }
        db.quotaProjects().add(projectId);
    }

    /**
     * Locks the project and refuses the change if any resource it adds to would go over its
     * limit. Only called after {@link #ensureProject}.
     *
     * @param deltas  what the change adds, by resource (negative for what it frees)
     * @param applied whether the caller's transaction has already written the change (after locking
     *                the changed row), so that the counted usage includes it
     * @throws QuotaExceededException when a limit would be exceeded; the caller's transaction must then roll back
     */
    static void check(EntityManager em, String projectId, QuotaLimits limits, Map<String, Long> deltas,
            boolean applied) {
        boolean limited = deltas.entrySet().stream().anyMatch(delta -> delta.getValue() > 0
                && limits.limit(delta.getKey()) >= 0);
        if (!limited) {
            return;
        }
        if (Database.execute(em, "UPDATE quota_projects SET locked_at = ? WHERE project_id = ?",
                List.of(new Timestamp(System.currentTimeMillis()), projectId)) == 0) {
            throw new IllegalStateException("Quota lock row of project " + projectId + " is missing");
        }
        Map<String, Long> usage = usage(em, projectId);
        deltas.forEach((resource, delta) -> {
            long limit = limits.limit(resource);
            long inUse = usage.getOrDefault(resource, 0L) - (applied ? delta : 0);
            if (delta > 0 && limit >= 0 && inUse + delta > limit) {
                throw new QuotaExceededException(resource, limit, inUse, delta);
            }
        });
    }

    /** What a volume (or a snapshot of it) consumes: one of {@code countable}, and its size in gigabytes; overall and for its type. */
    static Map<String, Long> deltas(String countable, String typeId, long count, long sizeGb) {
        Map<String, Long> deltas = new HashMap<>();
        deltas.put(countable, count);
        deltas.put(QuotaLimits.GIGABYTES, sizeGb);
        if (typeId != null) {
            deltas.put(QuotaLimits.ofType(countable, typeId), count);
            deltas.put(QuotaLimits.ofType(QuotaLimits.GIGABYTES, typeId), sizeGb);
        }
        return deltas;
    }

    /** The project's usage counted from its live volumes (at the size an extend grows them to), snapshots and backups. */
    static Map<String, Long> usage(EntityManager em, String projectId) {
        Map<String, Long> usage = new HashMap<>();
        // extend_to counts only while the extend runs: whatever ends it (done, failed, reset, forced delete) needs no cleanup.
        for (Object[] row : Database.rows(em, "SELECT volume_type_id, COUNT(*), SUM(CASE WHEN status = ?"
                + " AND extend_to > size_gb THEN extend_to ELSE size_gb END) FROM volumes WHERE project_id = ?"
                + " AND deleted = ? GROUP BY volume_type_id", VolumeStatus.EXTENDING.wireName(), projectId, Boolean.FALSE)) {
            add(usage, deltas(QuotaLimits.VOLUMES, (String) row[0], number(row[1]), number(row[2])));
        }
        for (Object[] row : Database.rows(em, "SELECT v.volume_type_id, COUNT(*), SUM(s.volume_size) FROM snapshots s"
                + " JOIN volumes v ON v.id = s.volume_id WHERE s.project_id = ? AND s.deleted = ?"
                + " GROUP BY v.volume_type_id", projectId, Boolean.FALSE)) {
            add(usage, deltas(QuotaLimits.SNAPSHOTS, (String) row[0], number(row[1]), number(row[2])));
        }
        for (Object[] row : Database.rows(em, "SELECT COUNT(*), SUM(size_gb) FROM backups WHERE project_id = ?"
                + " AND deleted = ?", projectId, Boolean.FALSE)) {
            add(usage, Map.of(QuotaLimits.BACKUPS, number(row[0]), QuotaLimits.BACKUP_GIGABYTES, number(row[1])));
        }
        return usage;
    }

    private static void add(Map<String, Long> usage, Map<String, Long> more) {
        more.forEach((resource, amount) -> usage.merge(resource, amount, Long::sum));
    }

    private static long number(Object column) {
        return column == null ? 0 : ((Number) column).longValue();
    }
}
