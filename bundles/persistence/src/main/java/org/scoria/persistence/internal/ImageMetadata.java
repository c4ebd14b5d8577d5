package org.scoria.persistence.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

/** The {@code volume_image_metadata} rows: what a volume records of the image it was made from. */
final class ImageMetadata {

    /** Ids per IN list: well under any database's parameter limit. */
    private static final int IN_LIST_SIZE = 500;

    private ImageMetadata() {
    }

    /** The volumes' image metadata, by volume id; volumes without any are absent. */
    static Map<String, Map<String, String>> of(EntityManager em, List<String> volumeIds) {
        Map<String, Map<String, String>> metadata = new HashMap<>();
        for (int from = 0; from < volumeIds.size(); from += IN_LIST_SIZE) {
            List<String> chunk = volumeIds.subList(from, Math.min(volumeIds.size(), from + IN_LIST_SIZE));
            for (Object[] row : Database.rows(em, "SELECT volume_id, meta_key, meta_value FROM volume_image_metadata"
                    + " WHERE volume_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
                    chunk.toArray())) {
                metadata.computeIfAbsent((String) row[0], id -> new TreeMap<>()).put((String) row[1], (String) row[2]);
            }
        }
        return metadata;
    }

    /** Makes {@code metadata} the volume's, within the caller's transaction. */
    static void replace(EntityManager em, String volumeId, Map<String, String> metadata) {
        Database.execute(em, "DELETE FROM volume_image_metadata WHERE volume_id = ?", List.of(volumeId));
        insert(em, volumeId, metadata);
    }

    /** Adds pairs the volume does not have yet, within the caller's transaction. */
    static void insert(EntityManager em, String volumeId, Map<String, String> metadata) {
        metadata.forEach((key, value) -> Database.execute(em,
                "INSERT INTO volume_image_metadata (volume_id, meta_key, meta_value) VALUES (?, ?, ?)",
                List.of(volumeId, key, value)));
    }

    /** Removes one pair within the caller's transaction; how many rows went (0 or 1). */
    static int delete(EntityManager em, String volumeId, String key) {
        return Database.execute(em, "DELETE FROM volume_image_metadata WHERE volume_id = ? AND meta_key = ?",
                List.of(volumeId, key));
    }

    /**
     * A copy of a bootable volume, or of a snapshot of one, is bootable and records the same image
     * (Cinder's glance metadata copy when such a create completes); within the caller's transaction.
     */
    static void inheritFromSource(EntityManager em, String volumeId) {
        // Reads by primary key only: a scan would wait on the rows other creates hold, as they on this one.
        Object[] made = Database.rows(em, "SELECT source_volid, snapshot_id FROM volumes WHERE id = ?", volumeId).get(0);
        String source = (String) made[0];
        if (source == null && made[1] != null) {
            source = Database.rows(em, "SELECT volume_id FROM snapshots WHERE id = ?", made[1]).stream().findFirst()
                    .map(row -> (String) row[0]).orElse(null);
        }
        if (source == null || Database.rows(em, "SELECT id FROM volumes WHERE id = ? AND bootable = ?", source,
                Boolean.TRUE).isEmpty()) {
            return;
        }
        Database.execute(em, "UPDATE volumes SET bootable = ? WHERE id = ?", List.of(Boolean.TRUE, volumeId));
        Database.execute(em, "DELETE FROM volume_image_metadata WHERE volume_id = ?", List.of(volumeId));
        Database.execute(em, "INSERT INTO volume_image_metadata (volume_id, meta_key, meta_value)"
                + " SELECT CAST(? AS VARCHAR(36)), meta_key, meta_value FROM volume_image_metadata WHERE volume_id = ?",
                List.of(volumeId, source));
    }
}
