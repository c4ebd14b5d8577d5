package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupQuery;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.NewBackup;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeStatus;

/**
 * {@link BackupStore} in native SQL: each change is one transaction that updates the backup and
 * its volume, each guarded by its status, and rolls back unless both moved.
 * <p>
 * Its length is the backup's state machine: one short method per move (begin, created, failed,
 * restore and its outcomes, delete, import), each a guarded update; split, the moves of one row
 * would be read in several places.
 */
@Component(service = BackupStore.class)
public class JpaBackupStore implements BackupStore {

    private final Database db;

    @Activate
    public JpaBackupStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Optional<Backup> create(String id, NewBackup backup, QuotaLimits limits) {
        QuotaLedger.ensureProject(db, backup.projectId());
        return db.inTransaction(em -> {
            // The volume (or its snapshot) is locked by the update that checks it, until the backup is recorded.
            boolean held = false;
            if (backup.snapshotId() != null) {
                if (new RowUpdate("snapshots", backup.snapshotId()).set("status", SnapshotStatus.BACKING_UP.wireName())
                        .whereStatus(SnapshotStatus.AVAILABLE.wireName()).where("volume_id = ?", backup.volumeId())
                        .execute(em) == 0) {
                    return Optional.<Backup>empty();
                }
            } else if (new RowUpdate("volumes", backup.volumeId()).set("status", VolumeStatus.BACKING_UP.wireName())
                    .whereStatus(VolumeStatus.AVAILABLE.wireName()).execute(em) == 1) {
                held = true;
            } else if (!backup.force() || new RowUpdate("volumes", backup.volumeId())
                    .whereStatus(VolumeStatus.IN_USE.wireName()).execute(em) == 0) {
                return Optional.<Backup>empty();
            }
            int size = ((Number) Database.rows(em, "SELECT size_gb FROM volumes WHERE id = ?", backup.volumeId())
                    .get(0)[0]).intValue();
            String parent = null;
            if (backup.incremental()) {
                List<Object[]> latest = Database.rows(em, 1, "SELECT id FROM backups WHERE volume_id = ? AND status = ?"
                        + " AND deleted = ? ORDER BY data_timestamp DESC, created_at DESC", backup.volumeId(),
                        BackupStatus.AVAILABLE.wireName(), Boolean.FALSE);
                if (latest.isEmpty()) {
                    throw new IllegalArgumentException("No backups available to do an incremental backup.");
                }
                parent = (String) latest.get(0)[0];
            }
            QuotaLedger.check(em, backup.projectId(), limits,
                    Map.of(QuotaLimits.BACKUPS, 1L, QuotaLimits.BACKUP_GIGABYTES, (long) size), false);
            Timestamp now = new Timestamp(System.currentTimeMillis());
            Database.execute(em, "INSERT INTO backups (id, project_id, user_id, volume_id, snapshot_id, display_name,"
                    + " display_description, status, size_gb, object_count, container, parent_id,"
                    + " num_dependent_backups, is_incremental, availability_zone, volume_held, created_at, updated_at,"
                    + " deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Arrays.asList(id, backup.projectId(), backup.userId(), backup.volumeId(), backup.snapshotId(),
                            backup.name(), backup.description(), BackupStatus.CREATING.wireName(), size, 0L,
                            backup.container(), parent, 0, parent != null, backup.availabilityZone(), held,
                            now, now, Boolean.FALSE));
            Metadata.insert(em, id, backup.metadata());
            return read(em, id);
        });
    }

    @Override
    public Optional<Backup> find(String id) {
        return db.inTransaction(em -> read(em, id));
    }

    private static Optional<Backup> read(EntityManager em, String id) {
        return withMetadata(em, em.createQuery("SELECT v FROM BackupEntity v WHERE v.id = :id AND v.deleted = false",
                BackupEntity.class).setParameter("id", id).getResultList()).stream().findFirst();
    }

    @Override
    public List<Backup> query(BackupQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> withMetadata(em, Pages.page(em, BackupEntity.class, filter, query.sort(),
                query.marker(), query.offset(), query.limit())));
    }

    @Override
    public long count(BackupQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> filter.bind(em.createQuery("SELECT COUNT(v) FROM BackupEntity v WHERE "
                + filter.jpql(), Long.class)).getSingleResult());
    }

    private static JpqlFilter filter(BackupQuery query) {
        return JpqlFilter.live(query.projectId())
                .and("v.volumeId = :volume", "volume", query.volumeId())
                .and("v.name = :name", "name", query.name())
                .and("v.status = :status", "status", query.status() == null ? null : query.status().wireName())
                .withMetadata(query.metadata());
    }

    @Override
    public List<Backup> ofVolume(String volumeId) {
        return db.inTransaction(em -> withMetadata(em, em.createQuery("SELECT v FROM BackupEntity v WHERE"
                + " v.volumeId = :volume AND v.deleted = false ORDER BY v.createdAt DESC, v.id DESC", BackupEntity.class)
                .setParameter("volume", volumeId).getResultList()));
    }

    @Override
    public boolean begin(String id, String store, String container, String objectPrefix, String host) {
        return db.update(new RowUpdate("backups", id).set("store_name", store).set("container", container)
                .set("object_prefix", objectPrefix)
                .set("host", host).whereStatus(BackupStatus.CREATING.wireName()));
    }

    @Override
    public boolean created(String id, long objectCount) {
        return db.inTransaction(em -> {
            Optional<Backup> backup = read(em, id);
            if (backup.isEmpty()) {
                return false;
            }
            // A snapshot's backup holds the data as the snapshot took it (Cinder's data_timestamp).
            Instant taken = backup.get().snapshotId() == null ? backup.get().createdAt()
                    : Database.rows(em, "SELECT created_at FROM snapshots WHERE id = ?", backup.get().snapshotId())
                            .stream().findFirst().map(row -> ((Timestamp) row[0]).toInstant())
                            .orElse(backup.get().createdAt());
            if (!finish(em, backup.get(), objectCount, taken)) {
                return false;
            }
            releaseHeld(em, backup.get());
            return true;
        });
    }

    @Override
    public Optional<Backup> importRecord(Backup record) {
        QuotaLedger.ensureProject(db, record.projectId());
        return db.inTransaction(em -> {
            if (read(em, record.id()).isPresent()) {
                return Optional.<Backup>empty();
            }
            if (record.parentId() != null && read(em, record.parentId()).map(Backup::status)
                    .filter(BackupStatus.AVAILABLE::equals).isEmpty()) {
                throw new IllegalArgumentException("The parent backup " + record.parentId()
                        + " is not an available backup here: import it first.");
            }
            if (Database.count(em, "SELECT COUNT(*) FROM backups o WHERE o.deleted = ? AND o.status = ?"
                    + " AND o.store_name = ? AND o.container = ? AND o.object_prefix = ?", Boolean.FALSE,
                    BackupStatus.DELETING.wireName(), record.store(), record.container(), record.objectPrefix()) > 0) {
                // Its objects are being removed with the backup it was exported from.
                throw new IllegalArgumentException("The backup whose objects the record names is being deleted.");
            }
            Metadata.deleteAll(em, record.id());
            Database.execute(em, "DELETE FROM backups WHERE id = ?", List.of(record.id()));
            Timestamp now = new Timestamp(System.currentTimeMillis());
            Database.execute(em, "INSERT INTO backups (id, project_id, user_id, volume_id, snapshot_id, display_name,"
                    + " display_description, status, size_gb, object_count, store_name, container, object_prefix,"
                    + " parent_id, num_dependent_backups, is_incremental, availability_zone, volume_held, created_at,"
                    + " updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Arrays.asList(record.id(), record.projectId(), record.userId(), record.volumeId(),
                            record.snapshotId(), record.name(), record.description(), BackupStatus.CREATING.wireName(),
                            record.sizeGb(), record.objectCount(), record.store(), record.container(),
                            record.objectPrefix(), record.parentId(), 0, record.parentId() != null,
                            record.availabilityZone(), Boolean.FALSE, now, now, Boolean.FALSE));
            Metadata.insert(em, record.id(), record.metadata());
            return read(em, record.id());
        });
    }

    @Override
    public boolean holdsVolume(String id) {
        return db.inTransaction(em -> Database.rows(em, "SELECT volume_held FROM backups WHERE id = ?", id).stream()
                .findFirst().map(row -> Boolean.TRUE.equals(row[0])).orElse(false));
    }

    @Override
    public boolean imported(String id, long objectCount, Instant dataTimestamp, String failure) {
        return db.inTransaction(em -> {
            Optional<Backup> backup = read(em, id);
            if (backup.isEmpty()) {
                return false;
            }
            return failure == null ? finish(em, backup.get(), objectCount, dataTimestamp)
                    // Its objects may be another backup's: deleting the failed record must remove none.
                    : move(em, id, BackupStatus.CREATING, BackupStatus.ERROR, row -> row.set("status_reason", failure)
                            .set("object_prefix", null));
        });
    }

    /** A backup being created becomes available, and its parent counts it; whether it moved. */
    private static boolean finish(EntityManager em, Backup backup, long objectCount, Instant dataTimestamp) {
        if (!move(em, backup.id(), BackupStatus.CREATING, BackupStatus.AVAILABLE, row -> row
                .set("object_count", objectCount)
                .set("data_timestamp", new Timestamp(dataTimestamp.toEpochMilli())).set("status_reason", null)
                .set("progress_percent", null).set("progress_rate", null))) {
            return false;
        }
        if (backup.parentId() != null) {
            Database.execute(em, "UPDATE backups SET num_dependent_backups = num_dependent_backups + 1 WHERE id = ?",
                    List.of(backup.parentId()));
        }
        return true;
    }

    @Override
    public boolean failed(String id, String reason) {
        return db.inTransaction(em -> {
            Optional<Backup> backup = read(em, id);
            if (backup.isEmpty() || !move(em, id, BackupStatus.CREATING, BackupStatus.ERROR,
                    row -> row.reason(reason).set("progress_percent", null).set("progress_rate", null))) {
                return false;
            }
            releaseHeld(em, backup.get());
            return true;
        });
    }

    @Override
    public boolean startRestore(String id, String volumeId) {
        return db.inTransaction(em -> {
            Optional<Backup> backup = read(em, id);
            if (backup.isEmpty() || new RowUpdate("volumes", volumeId)
                    .set("status", VolumeStatus.RESTORING_BACKUP.wireName())
                    .whereStatus(VolumeStatus.AVAILABLE.wireName()).where("size_gb >= ?", backup.get().sizeGb())
                    .execute(em) == 0) {
                return false;
            }
            return moveOrRollBack(em, id, BackupStatus.AVAILABLE, BackupStatus.RESTORING,
                    row -> row.set("restore_volume_id", volumeId));
        });
    }

    @Override
    public boolean startRestoreIntoNew(String id, String volumeId) {
        return db.update(new RowUpdate("backups", id).set("status", BackupStatus.RESTORING.wireName())
                .set("restore_volume_id", volumeId).whereStatus(BackupStatus.AVAILABLE.wireName()));
    }

    @Override
    public boolean holdRestoreTarget(String id, String volumeId) {
        return db.inTransaction(em -> {
            if (Database.rows(em, "SELECT id FROM backups WHERE id = ? AND status = ? AND restore_volume_id = ?"
                    + " AND deleted = ?", id, BackupStatus.RESTORING.wireName(), volumeId, Boolean.FALSE).isEmpty()) {
                return false;
            }
            return new RowUpdate("volumes", volumeId).set("status", VolumeStatus.RESTORING_BACKUP.wireName())
                    .whereStatus(VolumeStatus.AVAILABLE.wireName()).execute(em) == 1;
        });
    }

    @Override
    public boolean restored(String id, String volumeId) {
        return endRestore(id, volumeId, VolumeStatus.AVAILABLE, null);
    }

    @Override
    public boolean restoreFailed(String id, String volumeId, String reason) {
        return endRestore(id, volumeId, VolumeStatus.ERROR_RESTORING, reason);
    }

    private boolean endRestore(String id, String volumeId, VolumeStatus volumeTo, String reason) {
        return db.inTransaction(em -> {
            if (!move(em, id, BackupStatus.RESTORING, BackupStatus.AVAILABLE, row -> row.set("restore_volume_id", null)
                    .set("progress_percent", null).set("progress_rate", null).where("restore_volume_id = ?", volumeId))) {
                return false;
            }
            // A volume being created for the restore is not held yet: its own create decides its status.
            releaseVolume(em, volumeId, VolumeStatus.RESTORING_BACKUP, volumeTo, reason);
            return true;
        });
    }

    @Override
    public boolean startDelete(String id) {
        return db.update(new RowUpdate("backups", id).set("status", BackupStatus.DELETING.wireName())
                .set("status_reason", null)
                .whereStatus(BackupStatus.AVAILABLE.wireName(), BackupStatus.ERROR.wireName(),
                        BackupStatus.ERROR_DELETING.wireName())
                .where("num_dependent_backups = 0"));
    }

    @Override
    public boolean startForceDelete(String id) {
        return db.update(new RowUpdate("backups", id).set("status", BackupStatus.DELETING.wireName())
                .set("status_reason", null).set("progress_percent", null).set("progress_rate", null)
                .whereStatus(BackupStatus.CREATING.wireName(), BackupStatus.AVAILABLE.wireName(),
                        BackupStatus.RESTORING.wireName(), BackupStatus.ERROR.wireName(),
                        BackupStatus.ERROR_DELETING.wireName())
                .where("num_dependent_backups = 0"));
    }

    @Override
    public boolean objectsShared(String id) {
        // Another record being deleted leaves them too: of two deleted together, both remove them.
        return db.inTransaction(em -> Database.count(em, "SELECT COUNT(*) FROM backups o, backups b WHERE b.id = ?"
                + " AND o.id <> b.id AND o.deleted = ? AND o.status <> ? AND o.store_name = b.store_name"
                + " AND o.container = b.container AND o.object_prefix = b.object_prefix", id, Boolean.FALSE,
                BackupStatus.DELETING.wireName()) > 0);
    }

    @Override
    public boolean deleted(String id) {
        return db.inTransaction(em -> {
            Optional<Backup> backup = read(em, id);
            if (backup.isEmpty() || !move(em, id, BackupStatus.DELETING, BackupStatus.DELETED, RowUpdate::delete)) {
                return false;
            }
            if (backup.get().parentId() != null && backup.get().dataTimestamp() != null) {
                // Only a backup that was finished counted as its parent's dependent.
                Database.execute(em, "UPDATE backups SET num_dependent_backups = num_dependent_backups - 1"
                        + " WHERE id = ? AND num_dependent_backups > 0", List.of(backup.get().parentId()));
            }
            Metadata.deleteAll(em, id);
            releaseAbandoned(em, backup.get());
            return true;
        });
    }

    /**
     * What a backup force-deleted during its work still held: the volume or snapshot it was made
     * from, unless a newer backup holds it now, and the volume it was restored into.
     */
    private static void releaseAbandoned(EntityManager em, Backup backup) {
        if (backup.restoreVolumeId() != null) {
            releaseVolume(em, backup.restoreVolumeId(), VolumeStatus.RESTORING_BACKUP, VolumeStatus.ERROR,
                    "The restore of backup " + backup.id() + " did not finish: the backup was force-deleted.");
        }
        if (backup.dataTimestamp() != null) {
            return;
        }
        String othersMaking = "NOT EXISTS (SELECT 1 FROM backups o WHERE o.%s = ? AND o.id <> ? AND o.status = ?"
                + " AND o.deleted = ?)";
        if (backup.snapshotId() != null) {
            new RowUpdate("snapshots", backup.snapshotId()).set("status", SnapshotStatus.AVAILABLE.wireName())
                    .whereStatus(SnapshotStatus.BACKING_UP.wireName())
                    .where(othersMaking.formatted("snapshot_id"), backup.snapshotId(), backup.id(),
                            BackupStatus.CREATING.wireName(), Boolean.FALSE)
                    .execute(em);
            return;
        }
        new RowUpdate("volumes", backup.volumeId()).set("status", VolumeStatus.AVAILABLE.wireName())
                .whereStatus(VolumeStatus.BACKING_UP.wireName())
                .where("EXISTS (SELECT 1 FROM backups b WHERE b.id = ? AND b.volume_held = ?)", backup.id(), Boolean.TRUE)
                .where(othersMaking.formatted("volume_id"), backup.volumeId(), backup.id(),
                        BackupStatus.CREATING.wireName(), Boolean.FALSE)
                .execute(em);
    }

    @Override
    public boolean deleteFailed(String id, String reason) {
        return db.inTransaction(em -> move(em, id, BackupStatus.DELETING, BackupStatus.ERROR_DELETING,
                row -> row.reason(reason)));
    }

    @Override
    public boolean describe(String id, VolumeDescription change, Map<String, String> metadata) {
        return db.inTransaction(em -> {
            if (new RowUpdate("backups", id).describe(change).execute(em) == 0) {
                return false;
            }
            if (metadata != null) {
                Metadata.merge(em, id, metadata, true);
            }
            return true;
        });
    }

    @Override
    public boolean reset(String id, BackupStatus to) {
        if (to != BackupStatus.AVAILABLE && to != BackupStatus.ERROR) {
            throw new IllegalArgumentException("A backup's status can be reset to available or error only");
        }
        return db.update(new RowUpdate("backups", id).set("status", to.wireName()).set("status_reason", null)
                .set("progress_percent", null).set("progress_rate", null));
    }

    @Override
    public void progress(String id, int percent, long bytesPerSecond) {
        db.update(new RowUpdate("backups", id).set("progress_percent", percent).set("progress_rate", bytesPerSecond)
                .whereStatus(BackupStatus.CREATING.wireName(), BackupStatus.RESTORING.wireName()));
    }

    /** Moves the backup between two statuses in the caller's transaction; whether it moved. */
    private static boolean move(EntityManager em, String id, BackupStatus from, BackupStatus to, UnaryOperator<RowUpdate> change) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("A backup cannot go from " + from.wireName() + " to " + to.wireName());
        }
        return change.apply(new RowUpdate("backups", id).set("status", to.wireName()).whereStatus(from.wireName()))
                .execute(em) == 1;
    }

    /** As {@link #move}, rolling the caller's transaction back when the backup did not move. */
    private static boolean moveOrRollBack(EntityManager em, String id, BackupStatus from, BackupStatus to,
            UnaryOperator<RowUpdate> change) {
        if (move(em, id, from, to, change)) {
            return true;
        }
        em.getTransaction().rollback();
        return false;
    }

    /**
     * What the backup held goes back to available: its snapshot, or its volume if this backup is
     * the one holding it.
     */
    private static void releaseHeld(EntityManager em, Backup backup) {
        if (backup.snapshotId() != null) {
            new RowUpdate("snapshots", backup.snapshotId()).set("status", SnapshotStatus.AVAILABLE.wireName())
                    .whereStatus(SnapshotStatus.BACKING_UP.wireName()).execute(em);
            return;
        }
        new RowUpdate("volumes", backup.volumeId()).set("status", VolumeStatus.AVAILABLE.wireName())
                .whereStatus(VolumeStatus.BACKING_UP.wireName())
                .where("EXISTS (SELECT 1 FROM backups b WHERE b.id = ? AND b.volume_held = ?)", backup.id(), Boolean.TRUE)
                .execute(em);
    }

    /** The volume the backup work held goes back (or to error): only from the status that work gave it. */
    private static void releaseVolume(EntityManager em, String volumeId, VolumeStatus from, VolumeStatus to,
            String reason) {
        new RowUpdate("volumes", volumeId).set("status", to.wireName()).reason(reason).whereStatus(from.wireName())
                .execute(em);
    }

    private static List<Backup> withMetadata(EntityManager em, List<BackupEntity> entities) {
        Map<String, Map<String, String>> metadata = Metadata.of(em, entities.stream().map(BackupEntity::id).toList());
        List<Backup> backups = new ArrayList<>(entities.size());
        entities.forEach(entity -> backups.add(entity.toBackup(metadata.get(entity.id()))));
        return backups;
    }
}
