package org.scoria.persistence.internal;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;

/**
 * {@link VolumeStore} on OpenJPA with resource-local transactions: the unit is
 * {@code RESOURCE_LOCAL}, and the EntityManagerFactory is used directly rather than through
 * Aries' JpaTemplate, which would pick its JTA flavour as soon as a TransactionManager is around.
 */
@Component(service = VolumeStore.class)
public class JpaVolumeStore implements VolumeStore {

    private final EntityManagerFactory emf;

    @Activate
    public JpaVolumeStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.emf = emf;
    }

    @Override
    public Volume create(NewVolume volume) {
        VolumeEntity entity = new VolumeEntity(UUID.randomUUID().toString(), volume.projectId(), volume.userId(),
                volume.name(), volume.description(), volume.sizeGb(), volume.availabilityZone(), new Date());
        return inTransaction(em -> {
            em.persist(entity);
            return entity.toVolume();
        });
    }

    @Override
    public Optional<Volume> find(String id) {
        return inTransaction(em -> em.createQuery(
                "SELECT v FROM VolumeEntity v WHERE v.id = :id AND v.deleted = false", VolumeEntity.class)
                .setParameter("id", id)
                .getResultList().stream().findFirst().map(VolumeEntity::toVolume));
    }

    @Override
    public List<Volume> list(String projectId) {
        return inTransaction(em -> {
            TypedQuery<VolumeEntity> query = projectId == null
                    ? em.createQuery("SELECT v FROM VolumeEntity v WHERE v.deleted = false"
                            + " ORDER BY v.createdAt, v.id", VolumeEntity.class)
                    : em.createQuery("SELECT v FROM VolumeEntity v WHERE v.deleted = false"
                            + " AND v.projectId = :project ORDER BY v.createdAt, v.id", VolumeEntity.class)
                            .setParameter("project", projectId);
            return query.getResultList().stream().map(VolumeEntity::toVolume).toList();
        });
    }

    @Override
    public boolean transition(String id, VolumeStatus from, VolumeStatus to, VolumeChange change) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("A volume cannot go from " + from.wireName() + " to " + to.wireName());
        }
        StringBuilder jpql = new StringBuilder("UPDATE VolumeEntity v SET v.status = :to, v.updatedAt = :now");
        if (change.statusReason() != null) {
            jpql.append(", v.statusReason = :reason");
        }
        if (change.providerLocation() != null) {
            jpql.append(", v.providerLocation = :location");
        }
        if (to == VolumeStatus.AVAILABLE && from == VolumeStatus.CREATING) {
            jpql.append(", v.launchedAt = :now");
        }
        if (to == VolumeStatus.DELETED) {
            jpql.append(", v.deleted = true, v.deletedAt = :now");
        }
        jpql.append(" WHERE v.id = :id AND v.status = :from AND v.deleted = false");
        return inTransaction(em -> {
            var query = em.createQuery(jpql.toString())
                    .setParameter("to", to.wireName())
                    .setParameter("from", from.wireName())
                    .setParameter("now", new Date())
                    .setParameter("id", id);
            if (change.statusReason() != null) {
                query.setParameter("reason", truncate(change.statusReason(), 1024));
            }
            if (change.providerLocation() != null) {
                query.setParameter("location", change.providerLocation());
            }
            return query.executeUpdate() == 1;
        });
    }

    @Override
    public boolean assignHost(String id, String host, String availabilityZone) {
        return inTransaction(em -> em.createQuery("UPDATE VolumeEntity v SET v.host = :host,"
                + " v.availabilityZone = :az, v.scheduledAt = :now, v.updatedAt = :now"
                + " WHERE v.id = :id AND v.status = :creating AND v.host IS NULL AND v.deleted = false")
                .setParameter("host", host)
                .setParameter("az", availabilityZone)
                .setParameter("now", new Date())
                .setParameter("id", id)
                .setParameter("creating", VolumeStatus.CREATING.wireName())
                .executeUpdate() == 1);
    }

    @Override
    public void purge(String id) {
        inTransaction(em -> em.createQuery("DELETE FROM VolumeEntity v WHERE v.id = :id")
                .setParameter("id", id).executeUpdate());
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            EntityTransaction tx = em.getTransaction();
            tx.begin();
            try {
                T result = work.apply(em);
                tx.commit();
                return result;
            } finally {
                if (tx.isActive()) {
                    tx.rollback();
                }
            }
        } finally {
            em.close();
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
