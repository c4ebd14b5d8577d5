package org.scoria.persistence.internal;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NewSnapshot;
import org.scoria.persistence.QuotaLimits;
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
    public Optional<Snapshot> create(String id, NewSnapshot snapshot, List<VolumeStatus> volumeStatuses,
            QuotaLimits limits) {
        QuotaLedger.ensureProject(db, snapshot.projectId());
        return db.inTransaction(em -> {
            // Lock the volume's row in a status that allows a snapshot; a delete locks it the same way.
            if (new RowUpdate("volumes", snapshot.volumeId())
                    .whereStatus(volumeStatuses.stream().map(VolumeStatus::wireName).toArray(String[]::new))
                    .execute(em) == 0) {
                return Optional.<Snapshot>empty();
            }
            Object[] volume = Database.rows(em, "SELECT size_gb, volume_type_id FROM volumes WHERE id = ?",
                    snapshot.volumeId()).get(0);
            int size = ((Number) volume[0]).intValue();
            QuotaLedger.check(em, snapshot.projectId(), limits,
                    QuotaLedger.deltas(QuotaLimits.SNAPSHOTS, (String) volume[1], 1, size), false);
            SnapshotEntity entity = new SnapshotEntity(id, snapshot, size, new Date());
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
                .and("LOCATE(:contains, v.name) > 0", "contains", query.nameContains())
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
    public boolean transition(String id, SnapshotStatus from, SnapshotStatus to, String statusReason,
            String providerLocation) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("A snapshot cannot go from " + from.wireName() + " to " + to.wireName());
        }
        RowUpdate row = new RowUpdate("snapshots", id).set("status", to.wireName()).reason(statusReason)
                .setIfPresent("provider_location", providerLocation).whereStatus(from.wireName());
        return db.update(to == SnapshotStatus.DELETED ? row.delete() : row);
    }

    @Override
    public boolean reset(String id, SnapshotStatus from, SnapshotStatus to) {
        if (to == SnapshotStatus.DELETED) {
            throw new IllegalArgumentException("A reset cannot delete a snapshot");
        }
        // A reset clears the reason of the status it leaves, as a volume's does.
        return db.update(new RowUpdate("snapshots", id).set("status", to.wireName()).set("status_reason", null)
                .whereStatus(from.wireName()));
    }

    @Override
    public boolean report(String id, SnapshotStatus from, SnapshotStatus to, String progress) {
        if (to == SnapshotStatus.DELETED) {
            throw new IllegalArgumentException("A report cannot delete a snapshot");
        }
        return db.update(new RowUpdate("snapshots", id).set("status", to.wireName()).setIfPresent("progress", progress)
                .whereStatus(from.wireName()));
    }

    @Override
    public boolean describe(String id, VolumeDescription change) {
        return db.update(new RowUpdate("snapshots", id).describe(change));
    }

    @Override
    public Optional<Map<String, String>> writeMetadata(String id, Map<String, String> metadata, boolean replace) {
        return Metadata.write(db, "snapshots", id, metadata, replace);
    }

    @Override
    public boolean deleteMetadata(String id, String key) {
        return Metadata.delete(db, id, key);
    }

    private static List<Snapshot> withMetadata(EntityManager em, List<SnapshotEntity> entities) {
        Map<String, Map<String, String>> metadata = Metadata.of(em, entities.stream().map(SnapshotEntity::id).toList());
        List<Snapshot> snapshots = new ArrayList<>(entities.size());
        entities.forEach(entity -> snapshots.add(entity.toSnapshot(metadata.get(entity.id()))));
        return snapshots;
    }
}
