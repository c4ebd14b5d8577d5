package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.HostUsage;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.PoolAllocation;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeSummary;

/** {@link VolumeStore} on OpenJPA, with resource-local transactions (see {@link Database}). */
@Component(service = VolumeStore.class)
public class JpaVolumeStore implements VolumeStore {

    /** The statuses of a volume whose request a backend is still working on. */
    private static final List<String> IN_PROGRESS = Stream.of(VolumeStatus.CREATING, VolumeStatus.DOWNLOADING,
            VolumeStatus.UPLOADING, VolumeStatus.DELETING, VolumeStatus.EXTENDING, VolumeStatus.REVERTING)
            .map(VolumeStatus::wireName).toList();

    /** Cinder's spelling of a true extra spec, {@code <is> True}, in any case. */
    private static final Pattern MULTIATTACH = Pattern.compile("(?i)<is>\\s*true");

    private final Database db;

    @Activate
    public JpaVolumeStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Volume create(String id, NewVolume volume, QuotaLimits limits) {
        VolumeEntity entity = new VolumeEntity(id, volume, new Date());
        QuotaLedger.ensureProject(db, volume.projectId());
        return db.inTransaction(em -> {
            // Holds the type's row, which the type's delete updates: a volume cannot get a type being deleted.
            if (volume.volumeTypeId() != null && !db.lockShared(em, "volume_types", volume.volumeTypeId())) {
                throw new MissingRowException("Volume type " + volume.volumeTypeId() + " no longer exists");
            }
            QuotaLedger.check(em, volume.projectId(), limits,
                    QuotaLedger.deltas(QuotaLimits.VOLUMES, volume.volumeTypeId(), 1, volume.sizeGb()), false);
            entity.setMultiattach(multiattach(em, volume.volumeTypeId()));
            em.persist(entity);
            Metadata.insert(em, entity.id(), volume.metadata());
            return entity.toVolume(volume.metadata(), Map.of());
        });
    }

    @Override
    public Optional<Volume> find(String id) {
        return db.inTransaction(em -> em.createQuery(
                "SELECT v FROM VolumeEntity v WHERE v.id = :id AND v.deleted = false", VolumeEntity.class)
                .setParameter("id", id)
                .getResultList().stream().findFirst().map(entity -> withMetadata(em, List.of(entity)).get(0)));
    }

    @Override
    public List<HostUsage> usageOnHost(String backendHost) {
        // On the backend itself or one of its pools (a volume records host@backend#pool).
        String pools = pools(backendHost);
        return db.inTransaction(em -> {
            Map<String, long[]> usage = new TreeMap<>();
            for (Object[] row : Database.rows(em, "SELECT project_id, COUNT(*), SUM(size_gb) FROM volumes"
                    + " WHERE (host = ? OR host LIKE ? ESCAPE '\\') AND deleted = ? GROUP BY project_id",
                    backendHost, pools, Boolean.FALSE)) {
                long[] counts = usage.computeIfAbsent((String) row[0], project -> new long[4]);
                counts[0] = ((Number) row[1]).longValue();
                counts[1] = ((Number) row[2]).longValue();
            }
            for (Object[] row : Database.rows(em, "SELECT s.project_id, COUNT(*), SUM(s.volume_size) FROM snapshots s"
                    + " JOIN volumes v ON s.volume_id = v.id WHERE (v.host = ? OR v.host LIKE ? ESCAPE '\\')"
                    + " AND s.deleted = ? GROUP BY s.project_id", backendHost, pools, Boolean.FALSE)) {
                long[] counts = usage.computeIfAbsent((String) row[0], project -> new long[4]);
                counts[2] = ((Number) row[1]).longValue();
                counts[3] = ((Number) row[2]).longValue();
            }
            List<HostUsage> projects = new ArrayList<>();
            usage.forEach((project, counts) -> projects.add(new HostUsage(project, counts[0], counts[1], counts[2],
                    counts[3])));
            return projects;
        });
    }

    /** The LIKE pattern of a backend's pools, host@backend#pool, with LIKE's wildcards in the name taken literally. */
    private static String pools(String backendHost) {
        return backendHost.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "#%";
    }

    @Override
    public List<Volume> list(String projectId) {
        return db.inTransaction(em -> {
            TypedQuery<VolumeEntity> query = projectId == null
                    ? em.createQuery("SELECT v FROM VolumeEntity v WHERE v.deleted = false"
                            + " ORDER BY v.createdAt, v.id", VolumeEntity.class)
                    : em.createQuery("SELECT v FROM VolumeEntity v WHERE v.deleted = false"
                            + " AND v.projectId = :project ORDER BY v.createdAt, v.id", VolumeEntity.class)
                            .setParameter("project", projectId);
            return withMetadata(em, query.getResultList());
        });
    }

    @Override
    public List<Volume> query(VolumeQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> withMetadata(em, Pages.page(em, VolumeEntity.class, filter, query.sort(),
                query.marker(), query.offset(), query.limit())));
    }

    /** The query's filters over the project's live volumes. */
    private static JpqlFilter filter(VolumeQuery query) {
        return JpqlFilter.live(query.projectId())
                .and("v.name = :name", "name", query.name())
                .and("LOCATE(:contains, v.name) > 0", "contains", query.nameContains())
                .and("v.status = :status", "status", query.status() == null ? null : query.status().wireName())
                .and("v.availabilityZone = :zone", "zone", query.availabilityZone())
                .and("v.bootable = :bootable", "bootable", query.bootable())
                .withMetadata(query.metadata()).withImageMetadata(query.imageMetadata());
    }

    @Override
    public long count(VolumeQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> filter.bind(em.createQuery("SELECT COUNT(v) FROM VolumeEntity v WHERE " + filter.jpql(),
                Long.class)).getSingleResult());
    }

    @Override
    public VolumeSummary summarize(VolumeQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> {
            Object[] row = filter.bind(em.createQuery(
                    "SELECT COUNT(v), SUM(v.sizeGb) FROM VolumeEntity v WHERE " + filter.jpql(), Object[].class))
                    .getSingleResult();
            Map<String, List<String>> metadata = new TreeMap<>();
            filter.bind(em.createQuery("SELECT DISTINCT m.key, m.value FROM MetadataEntity m, VolumeEntity v"
                    + " WHERE m.resourceId = v.id AND " + filter.jpql(), Object[].class)).getResultList()
                    .forEach(pair -> metadata.computeIfAbsent((String) pair[0], key -> new ArrayList<>())
                            .add((String) pair[1]));
            metadata.values().forEach(values -> values.sort(null));
            return new VolumeSummary(((Number) row[0]).longValue(), row[1] == null ? 0 : ((Number) row[1]).longValue(),
                    metadata);
        });
    }

    /** The entities as volumes, with their metadata and what they record of their images. */
    private static List<Volume> withMetadata(EntityManager em, List<VolumeEntity> entities) {
        List<String> ids = entities.stream().map(VolumeEntity::id).toList();
        Map<String, Map<String, String>> metadata = Metadata.of(em, ids);
        Map<String, Map<String, String>> images = ImageMetadata.of(em, ids);
        List<Volume> volumes = new ArrayList<>(entities.size());
        entities.forEach(entity -> volumes.add(entity.toVolume(metadata.get(entity.id()), images.get(entity.id()))));
        return volumes;
    }

    @Override
    public boolean transition(String id, VolumeStatus from, VolumeStatus to, VolumeChange change) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("A volume cannot go from " + from.wireName() + " to " + to.wireName());
        }
        if (to == VolumeStatus.AVAILABLE && from == VolumeStatus.CREATING) {
            // A volume made for a restore is never seen available before the restore holds it. One statement
            // for an ordinary create; the second only for a volume a restore waits for.
            String restoreWaits = "EXISTS (SELECT 1 FROM backups b WHERE b.restore_volume_id = volumes.id"
                    + " AND b.status = ? AND b.deleted = ?)";
            RowUpdate made = moved(id, from, to, change).where("NOT " + restoreWaits, BackupStatus.RESTORING.wireName(),
                    Boolean.FALSE);
            RowUpdate held = moved(id, from, VolumeStatus.RESTORING_BACKUP, change).where(restoreWaits,
                    BackupStatus.RESTORING.wireName(), Boolean.FALSE);
            made.set("launched_at", made.now());
            held.set("launched_at", held.now());
            return db.inTransaction(em -> {
                boolean moved = made.execute(em) == 1 || held.execute(em) == 1;
                if (moved) {
                    ImageMetadata.inheritFromSource(em, id);
                }
                return moved;
            });
        }
        RowUpdate row = moved(id, from, to, change);
        if (to == VolumeStatus.DELETED) {
            row.delete();
        }
        return db.update(row);
    }

    /** The guarded move of a volume's status with what the change records. */
    private static RowUpdate moved(String id, VolumeStatus from, VolumeStatus to, VolumeChange change) {
        return new RowUpdate("volumes", id).set("status", to.wireName()).reason(change.statusReason())
                .setIfPresent("provider_location", change.providerLocation()).setIfPresent("size_gb", change.sizeGb())
                .whereStatus(from.wireName());
    }

    @Override
    public boolean imageWritten(String id, VolumeChange change, Map<String, String> imageMetadata) {
        RowUpdate row = moved(id, VolumeStatus.DOWNLOADING, VolumeStatus.AVAILABLE, change)
                .set("bootable", Boolean.TRUE);
        row.set("launched_at", row.now());
        return withImage(row, id, imageMetadata);
    }

    @Override
    public boolean imageRewritten(String id, Map<String, String> imageMetadata, VolumeStatus to) {
        return withImage(moved(id, VolumeStatus.DOWNLOADING, to, VolumeChange.NONE).set("bootable", Boolean.TRUE), id,
                imageMetadata);
    }

    /** The guarded move, and the image metadata it records, in one transaction. */
    private boolean withImage(RowUpdate row, String id, Map<String, String> imageMetadata) {
        return db.inTransaction(em -> {
            if (row.execute(em) == 0) {
                return false;
            }
            ImageMetadata.replace(em, id, imageMetadata);
            return true;
        });
    }

    @Override
    public Optional<Map<String, String>> writeImageMetadata(String id, Map<String, String> pairs,
            Set<VolumeStatus> refusedIn) {
        return db.inTransaction(em -> {
            // Touching the row locks it: writers of one volume's image metadata take turns.
            if (notIn(new RowUpdate("volumes", id), refusedIn).execute(em) == 0) {
                return Optional.empty();
            }
            pairs.keySet().forEach(key -> ImageMetadata.delete(em, id, key));
            ImageMetadata.insert(em, id, pairs);
            return Optional.of(ImageMetadata.of(em, List.of(id)).getOrDefault(id, Map.of()));
        });
    }

    @Override
    public boolean deleteImageMetadata(String id, String key, Set<VolumeStatus> refusedIn) {
        return db.inTransaction(em -> notIn(new RowUpdate("volumes", id), refusedIn).execute(em) == 1
                && ImageMetadata.delete(em, id, key) == 1);
    }

    /** The update only while the row is in none of {@code statuses}. */
    private static RowUpdate notIn(RowUpdate row, Set<VolumeStatus> statuses) {
        for (VolumeStatus status : statuses) {
            row.where("status <> ?", status.wireName());
        }
        return row;
    }

    @Override
    public boolean startDelete(String id, VolumeStatus from, boolean cascade) {
        if (from == VolumeStatus.DELETING || from == VolumeStatus.DELETED) {
            throw new IllegalArgumentException("A volume in " + from.wireName() + " cannot start a delete");
        }
        return db.inTransaction(em -> {
            // The volume's row first: a snapshot create locks it too, so the two cannot interleave.
            // Never from under its consumers, even when forced.
            RowUpdate volume = new RowUpdate("volumes", id).set("status", VolumeStatus.DELETING.wireName())
                    .whereStatus(from.wireName()).where("NOT EXISTS (SELECT 1 FROM volume_attachments a"
                            + " WHERE a.volume_id = volumes.id AND a.deleted = ?)", Boolean.FALSE)
                    // Nor from under a backup that reads it without holding it (of a snapshot, or forced while in use).
                    .where("NOT EXISTS (SELECT 1 FROM backups b WHERE b.volume_id = volumes.id AND b.status = ?"
                            + " AND b.deleted = ?)", BackupStatus.CREATING.wireName(), Boolean.FALSE);
            if (volume.execute(em) == 0) {
                return false;
            }
            if (cascade) {
                Database.execute(em, "UPDATE snapshots SET status = ?, updated_at = ? WHERE volume_id = ? AND deleted = ?"
                        + " AND status IN (?, ?, ?)", List.of(SnapshotStatus.DELETING.wireName(), volume.now(), id,
                        Boolean.FALSE, SnapshotStatus.AVAILABLE.wireName(), SnapshotStatus.ERROR.wireName(),
                        SnapshotStatus.ERROR_DELETING.wireName()));
            }
            long blocking = em.createQuery("SELECT COUNT(s) FROM SnapshotEntity s WHERE s.volumeId = :volume"
                    + " AND s.deleted = false AND s.status <> :deleting", Long.class).setParameter("volume", id)
                    .setParameter("deleting", cascade ? SnapshotStatus.DELETING.wireName() : "").getSingleResult();
            if (blocking > 0) {
                em.getTransaction().rollback();
                return false;
            }
            return true;
        });
    }

    @Override
    public boolean reset(String id, VolumeStatus from, VolumeStatus to, String statusReason) {
        if (to == VolumeStatus.DELETED) {
            throw new IllegalArgumentException("A reset cannot delete a volume");
        }
        RowUpdate row = new RowUpdate("volumes", id).set("status", to.wireName()).set("status_reason", statusReason)
                .whereStatus(from.wireName());
        return db.update(row);
    }

    @Override
    public Optional<Map<String, String>> writeMetadata(String id, Map<String, String> metadata, boolean replace) {
        return Metadata.write(db, "volumes", id, metadata, replace);
    }

    @Override
    public boolean deleteMetadata(String id, String key) {
        return Metadata.delete(db, id, key);
    }

    @Override
    public boolean setFlags(String id, Boolean bootable, Boolean readOnly) {
        return db.update(new RowUpdate("volumes", id).setIfPresent("bootable", bootable)
                .setIfPresent("read_only", readOnly));
    }

    @Override
    public boolean describe(String id, VolumeDescription change) {
        return db.update(new RowUpdate("volumes", id).describe(change));
    }

    @Override
    public boolean assignHost(String id, String host, String availabilityZone) {
        // A reschedule left the last failure as the reason: a new placement starts afresh.
        RowUpdate row = new RowUpdate("volumes", id).set("host", host).set("availability_zone", availabilityZone)
                .set("status_reason", null).whereStatus(VolumeStatus.CREATING.wireName()).where("host IS NULL");
        return db.update(row.set("scheduled_at", row.now()));
    }

    @Override
    public boolean changeType(String id, VolumeStatus from, String fromTypeId, String toTypeId, QuotaLimits limits) {
        Optional<Volume> volume = find(id);
        if (volume.isEmpty()) {
            return false;
        }
        QuotaLedger.ensureProject(db, volume.get().projectId());
        return db.inTransaction(em -> {
            if (!db.lockShared(em, "volume_types", toTypeId)) {
                return false;
            }
            // Multi-attach follows the type, as in Cinder: a retype happens only while nothing is attached.
            RowUpdate row = new RowUpdate("volumes", id).set("volume_type_id", toTypeId)
                    .set("multiattach", multiattach(em, toTypeId)).whereStatus(from.wireName())
                    .where("size_gb = ?", volume.get().sizeGb());
            if ((fromTypeId == null ? row.where("volume_type_id IS NULL") : row.where("volume_type_id = ?", fromTypeId))
                    .execute(em) == 0) {
                return false;
            }
            // Only the new type's own quotas grow: the overall counts stay as they are.
            QuotaLedger.check(em, volume.get().projectId(), limits, Map.of(
                    QuotaLimits.ofType(QuotaLimits.VOLUMES, toTypeId), 1L,
                    QuotaLimits.ofType(QuotaLimits.GIGABYTES, toTypeId), (long) volume.get().sizeGb()), true);
            return true;
        });
    }

    /** Whether a type's extra specs make its volumes multi-attach. */
    private static boolean multiattach(EntityManager em, String typeId) {
        return typeId != null && Database.rows(em, "SELECT meta_value FROM resource_metadata WHERE resource_id = ?"
                + " AND meta_key = ?", typeId, "multiattach").stream()
                .anyMatch(spec -> MULTIATTACH.matcher((String) spec[0]).matches());
    }

    @Override
    public boolean startExtend(String id, int newSizeGb, QuotaLimits limits) {
        Optional<Volume> volume = find(id);
        if (volume.isEmpty()) {
            return false;
        }
        QuotaLedger.ensureProject(db, volume.get().projectId());
        return db.inTransaction(em -> {
            RowUpdate row = new RowUpdate("volumes", id).set("status", VolumeStatus.EXTENDING.wireName())
                    .set("extend_to", newSizeGb).whereStatus(VolumeStatus.AVAILABLE.wireName())
                    .where("size_gb = ?", volume.get().sizeGb());
            if (row.execute(em) == 0) {
                return false;
            }
            QuotaLedger.check(em, volume.get().projectId(), limits, QuotaLedger.deltas(QuotaLimits.VOLUMES,
                    volume.get().volumeTypeId(), 0, newSizeGb - volume.get().sizeGb()), true);
            return true;
        });
    }

    @Override
    public long countInProgressOnBackend(String backendHost) {
        String pools = pools(backendHost);
        String onBackend = "host LIKE ? ESCAPE '\\'";
        String inList = String.join(", ", Collections.nCopies(IN_PROGRESS.size(), "?"));
        List<Object> volumeParameters = new ArrayList<>(List.of(pools, Boolean.FALSE));
        volumeParameters.addAll(IN_PROGRESS);
        return db.inTransaction(em -> Database.count(em, "SELECT COUNT(*) FROM volumes WHERE " + onBackend
                + " AND deleted = ? AND status IN (" + inList + ")", volumeParameters.toArray())
                + Database.count(em, "SELECT COUNT(*) FROM snapshots s JOIN volumes v ON s.volume_id = v.id WHERE v."
                        + onBackend + " AND s.deleted = ? AND s.status IN (?, ?)", pools, Boolean.FALSE,
                        SnapshotStatus.CREATING.wireName(), SnapshotStatus.DELETING.wireName()));
    }

    @Override
    public PoolAllocation allocationOnHost(String poolHost, Instant placedSince) {
        return db.inTransaction(em -> {
            // The ids are read before the counts, each statement seeing what was committed when it
            // began: every id listed is in the counts. The other way round, a placement committed
            // between the two reads would be listed but not counted, and its scheduler would forget it.
            Set<String> recent = new HashSet<>();
            for (Object[] row : Database.rows(em, "SELECT id FROM volumes WHERE host = ? AND deleted = ?"
                    + " AND scheduled_at >= ?", poolHost, Boolean.FALSE, Timestamp.from(placedSince))) {
                recent.add((String) row[0]);
            }
            Object[] counts = Database.rows(em, "SELECT COUNT(*), COALESCE(SUM(size_gb), 0) FROM volumes"
                    + " WHERE host = ? AND deleted = ?", poolHost, Boolean.FALSE).get(0);
            return new PoolAllocation(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(), recent);
        });
    }

    @Override
    public boolean releaseHost(String id, String host, String availabilityZone, String reason) {
        return db.update(new RowUpdate("volumes", id).set("host", null).set("scheduled_at", null)
                .set("availability_zone", availabilityZone).reason(reason)
                .whereStatus(VolumeStatus.CREATING.wireName()).where("host = ?", host));
    }

    @Override
    public void purge(String id) {
        db.inTransaction(em -> {
            Metadata.deleteAll(em, id);
            return Database.execute(em, "DELETE FROM volumes WHERE id = ?", List.of(id));
        });
    }
}
