package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.ImageCacheEntry;
import org.scoria.persistence.ImageCacheEntry.Status;
import org.scoria.persistence.ImageCacheStore;

/** {@link ImageCacheStore} in native SQL; the unique (backend, image) pair settles concurrent claims. */
@Component(service = ImageCacheStore.class)
public class JpaImageCacheStore implements ImageCacheStore {

    private static final String COLUMNS = "id, backend_host, image_id, size_gb, status, creator, created_at, last_used";

    private final Database db;

    @Activate
    public JpaImageCacheStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Optional<ImageCacheEntry> find(String backendHost, String imageId) {
        return db.inTransaction(em -> Database.rows(em, "SELECT " + COLUMNS + " FROM image_volume_cache"
                + " WHERE backend_host = ? AND image_id = ?", backendHost, imageId).stream().map(this::entry).findFirst());
    }

    @Override
    public Optional<ImageCacheEntry> claim(String backendHost, String imageId, int sizeGb, String creator,
            Instant abandonedBefore) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try {
            return db.inTransaction(em -> {
                // Take over an entry whose fill was begun by this creator (redelivered) or by one long gone.
                if (Database.execute(em, "UPDATE image_volume_cache SET creator = ?, created_at = ?, last_used = ?,"
                        + " size_gb = ? WHERE backend_host = ? AND image_id = ? AND status = ?"
                        + " AND (creator = ? OR created_at < ?)", Arrays.<Object>asList(creator, now, now, sizeGb, backendHost,
                                imageId, Status.CREATING.wireName(), creator, Timestamp.from(abandonedBefore))) == 0) {
                    if (!Database.rows(em, "SELECT id FROM image_volume_cache WHERE backend_host = ? AND image_id = ?",
                            backendHost, imageId).isEmpty()) {
                        return Optional.<ImageCacheEntry>empty();
                    }
                    Database.execute(em, "INSERT INTO image_volume_cache (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            Arrays.<Object>asList(UUID.randomUUID().toString(), backendHost, imageId, sizeGb,
                                    Status.CREATING.wireName(), creator, now, now));
                }
                return Database.rows(em, "SELECT " + COLUMNS + " FROM image_volume_cache WHERE backend_host = ?"
                        + " AND image_id = ?", backendHost, imageId).stream().map(this::entry).findFirst();
            });
        } catch (RuntimeException e) {
            if (Database.duplicateKey(e)) {
                // Another creator's claim committed first: the entry is theirs to fill.
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean ready(String id) {
        return db.update("UPDATE image_volume_cache SET status = ? WHERE id = ? AND status = ?",
                Arrays.<Object>asList(Status.READY.wireName(), id, Status.CREATING.wireName())) == 1;
    }

    @Override
    public boolean use(String id) {
        return db.update("UPDATE image_volume_cache SET last_used = ? WHERE id = ? AND status = ?",
                Arrays.<Object>asList(new Timestamp(System.currentTimeMillis()), id, Status.READY.wireName())) == 1;
    }

    @Override
    public boolean evict(String id, Instant usedSince) {
        return db.update("UPDATE image_volume_cache SET status = ? WHERE id = ? AND status = ? AND last_used < ?",
                Arrays.<Object>asList(Status.DELETING.wireName(), id, Status.READY.wireName(), Timestamp.from(usedSince))) == 1;
    }

    @Override
    public boolean discard(String id, String creator) {
        return db.update("UPDATE image_volume_cache SET status = ? WHERE id = ? AND status = ? AND creator = ?",
                Arrays.<Object>asList(Status.DELETING.wireName(), id, Status.CREATING.wireName(), creator)) == 1;
    }

    @Override
    public void remove(String id) {
        db.update("DELETE FROM image_volume_cache WHERE id = ?", List.<Object>of(id));
    }

    @Override
    public List<ImageCacheEntry> entries(String backendHost) {
        return db.inTransaction(em -> (backendHost == null
                ? Database.rows(em, "SELECT " + COLUMNS + " FROM image_volume_cache ORDER BY last_used, id")
                : Database.rows(em, "SELECT " + COLUMNS + " FROM image_volume_cache WHERE backend_host = ?"
                        + " ORDER BY last_used, id", backendHost)).stream().map(this::entry).toList());
    }

    private ImageCacheEntry entry(Object[] row) {
        return new ImageCacheEntry((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).intValue(),
                Status.valueOf(((String) row[4]).toUpperCase(Locale.ROOT)), (String) row[5],
                Database.instant(row[6]), Database.instant(row[7]));
    }
}
