package org.scoria.persistence.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

/** The {@code resource_metadata} rows of volumes and snapshots, within the caller's transaction. */
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

    /** Writes pairs (all of them with {@code replace}, over the existing ones otherwise); returns the metadata now. */
    static Map<String, String> write(EntityManager em, String id, Map<String, String> metadata, boolean replace) {
        if (replace) {
            Database.execute(em, "DELETE FROM resource_metadata WHERE resource_id = ?", List.of(id));
        } else {
            metadata.keySet().forEach(key -> Database.execute(em,
                    "DELETE FROM resource_metadata WHERE resource_id = ? AND meta_key = ?", List.of(id, key)));
        }
        insert(em, id, metadata);
        return of(em, List.of(id)).getOrDefault(id, Map.of());
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
