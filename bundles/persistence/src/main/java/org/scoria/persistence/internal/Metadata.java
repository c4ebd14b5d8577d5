package org.scoria.persistence.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.persistence.EntityManager;

/**
 * The {@code resource_metadata} rows of volumes and snapshots (their metadata), volume types
 * (extra specs) and QoS specs (their keys).
 */
final class Metadata {

    /** Ids per IN list: well under any database's parameter limit. */
    private static final int IN_LIST_SIZE = 500;

    private Metadata() {
    }

    static void insert(EntityManager em, String id, Map<String, String> metadata) {
        metadata.forEach((key, value) -> Database.execute(em,
                "INSERT INTO resource_metadata (resource_id, meta_key, meta_value) VALUES (?, ?, ?)",
                List.of(id, key, value)));
    }

    /**
     * Writes pairs of a live row of {@code table} (all of them with {@code replace}, over the
     * existing ones otherwise). The owner's row is touched first, which locks it, so concurrent
     * writers of one resource's metadata take turns.
     *
     * @return the metadata now, or empty when there is no such live row
     */
    static Optional<Map<String, String>> write(Database db, String table, String id, Map<String, String> metadata,
            boolean replace) {
        return db.inTransaction(em -> {
            if (new RowUpdate(table, id).execute(em) == 0) {
                return Optional.empty();
            }
            return Optional.of(merge(em, id, metadata, replace));
        });
    }

    /** Writes pairs within the caller's transaction, which has locked the owner; the metadata now. */
    static Map<String, String> merge(EntityManager em, String id, Map<String, String> metadata, boolean replace) {
        if (replace) {
            deleteAll(em, id);
        } else {
            metadata.keySet().forEach(key -> delete(em, id, key));
        }
        insert(em, id, metadata);
        return of(em, List.of(id)).getOrDefault(id, Map.of());
    }

    /** Removes one pair; whether there was one. */
    static boolean delete(Database db, String id, String key) {
        return db.inTransaction(em -> delete(em, id, key)) == 1;
    }

    static int delete(EntityManager em, String id, String key) {
        return Database.execute(em, "DELETE FROM resource_metadata WHERE resource_id = ? AND meta_key = ?",
                List.of(id, key));
    }

    static void deleteAll(EntityManager em, String id) {
        Database.execute(em, "DELETE FROM resource_metadata WHERE resource_id = ?", List.of(id));
    }

    /** The metadata of these resources, by id, read in one query per {@value #IN_LIST_SIZE}. */
    static Map<String, Map<String, String>> of(EntityManager em, List<String> ids) {
        Map<String, Map<String, String>> metadata = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
            List<String> chunk = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE)));
            em.createQuery("SELECT m.resourceId, m.key, m.value FROM MetadataEntity m WHERE m.resourceId IN :ids",
                    Object[].class).setParameter("ids", chunk).getResultList()
                    .forEach(row -> metadata.computeIfAbsent((String) row[0], id -> new TreeMap<>())
                            .put((String) row[1], (String) row[2]));
        }
        return metadata;
    }
}
