package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NewSnapshot;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotQuery;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeStatus;

/** {@link SnapshotStore} on OpenJPA, with resource-local transactions (see {@link Database}). */
@Component(service = SnapshotStore.class)
public class JpaSnapshotStore implements SnapshotStore {

    private final Database db;

    @Activate
    public JpaSnapshotStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Optional<Snapshot> create(NewSnapshot snapshot, List<VolumeStatus> volumeStatuses) {
        return db.inTransaction(em -> {
            // Lock the volume's row in a status that allows a snapshot; a delete locks it the same way.
            List<Object> values = new ArrayList<>(List.of(new Timestamp(System.currentTimeMillis()),
                    snapshot.volumeId(), Boolean.FALSE));
            volumeStatuses.forEach(status -> values.add(status.wireName()));
            String statuses = String.join(", ", volumeStatuses.stream().map(status -> "?").toList());
            if (Database.execute(em, "UPDATE volumes SET updated_at = ? WHERE id = ? AND deleted = ? AND status IN ("
                    + statuses + ")", values) == 0) {
                return Optional.<Snapshot>empty();
            }
            int size = em.createQuery("SELECT v.sizeGb FROM VolumeEntity v WHERE v.id = :id", Integer.class)
                    .setParameter("id", snapshot.volumeId()).getSingleResult();
            SnapshotEntity entity = new SnapshotEntity(UUID.randomUUID().toString(), snapshot, size, new Date());
            em.persist(entity);
            Metadata.insert(em, entity.id(), snapshot.metadata());
            return Optional.of(entity.toSnapshot(snapshot.metadata()));
        });
    }

    @Override
    public Optional<Snapshot> find(String id) {
        return db.inTransaction(em -> withMetadata(em, em.createQuery(
                "SELECT v FROM SnapshotEntity v WHERE v.id = :id AND v.deleted = false", SnapshotEntity.class)
                .setParameter("id", id).getResultList()).stream().findFirst());
    }

    @Override
    public List<Snapshot> query(SnapshotQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> withMetadata(em, Pages.page(em, SnapshotEntity.class, filter, query.sort(),
                query.marker(), query.offset(), query.limit())));
    }

    @Override
    public long count(SnapshotQuery query) {
        JpqlFilter filter = filter(query);
        return db.inTransaction(em -> filter.bind(em.createQuery("SELECT COUNT(v) FROM SnapshotEntity v WHERE "
                + filter.jpql(), Long.class)).getSingleResult());
    }

    private static JpqlFilter filter(SnapshotQuery query) {
        return JpqlFilter.live(query.projectId())
                .and("v.volumeId = :volume", "volume", query.volumeId())
                .and("v.name = :name", "name", query.name())
                .and("v.status = :status", "status", query.status() == null ? null : query.status().wireName())
                .withMetadata(query.metadata());
    }

    @Override
    public List<Snapshot> ofVolume(String volumeId) {
        return db.inTransaction(em -> withMetadata(em, em.createQuery("SELECT v FROM SnapshotEntity v WHERE"
                + " v.volumeId = :volume AND v.deleted = false ORDER BY v.createdAt DESC, v.id DESC", SnapshotEntity.class)
                .setParameter("volume", volumeId).getResultList()));
    }

    @Override
    public boolean transition(String id, SnapshotStatus from, SnapshotStatus to, String statusReason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("A snapshot cannot go from " + from.wireName() + " to " + to.wireName());
        }
        return move(id, from, to, statusReason);
    }

    @Override
    public boolean reset(String id, SnapshotStatus from, SnapshotStatus to) {
        if (to == SnapshotStatus.DELETED) {
            throw new IllegalArgumentException("A reset cannot delete a snapshot");
        }
        return move(id, from, to, null);
    }

    private boolean move(String id, SnapshotStatus from, SnapshotStatus to, String statusReason) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Object> values = new ArrayList<>(List.of(to.wireName(), now));
        StringBuilder sql = new StringBuilder("UPDATE snapshots SET status = ?, updated_at = ?");
        if (statusReason != null) {
            sql.append(", status_reason = ?");
            values.add(statusReason.length() <= 1024 ? statusReason : statusReason.substring(0, 1023) + "…");
        }
        if (to == SnapshotStatus.DELETED) {
            sql.append(", deleted = ?, deleted_at = ?");
            values.add(Boolean.TRUE);
            values.add(now);
        }
        sql.append(" WHERE id = ? AND status = ? AND deleted = ?");
        values.addAll(List.of(id, from.wireName(), Boolean.FALSE));
        return db.update(sql.toString(), values) == 1;
    }

    @Override
    public boolean describe(String id, VolumeDescription change) {
        return db.describe("snapshots", id, change);
    }

    @Override
    public Optional<Map<String, String>> writeMetadata(String id, Map<String, String> metadata, boolean replace) {
        return db.inTransaction(em -> {
            if (Database.execute(em, "UPDATE snapshots SET updated_at = ? WHERE id = ? AND deleted = ?",
                    List.of(new Timestamp(System.currentTimeMillis()), id, Boolean.FALSE)) == 0) {
                return Optional.empty();
            }
            return Optional.of(Metadata.write(em, id, metadata, replace));
        });
    }

    @Override
    public boolean deleteMetadata(String id, String key) {
        return db.inTransaction(em -> Metadata.delete(em, id, key)) == 1;
    }

    private static List<Snapshot> withMetadata(EntityManager em, List<SnapshotEntity> entities) {
        Map<String, Map<String, String>> metadata = Metadata.of(em, entities.stream().map(SnapshotEntity::id).toList());
        List<Snapshot> snapshots = new ArrayList<>(entities.size());
        entities.forEach(entity -> snapshots.add(entity.toSnapshot(metadata.get(entity.id()))));
        return snapshots;
    }
}
