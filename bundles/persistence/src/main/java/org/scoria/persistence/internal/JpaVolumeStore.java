package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.Query;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeSummary;

/**
 * {@link VolumeStore} on OpenJPA with resource-local transactions: the unit is
 * {@code RESOURCE_LOCAL}, and the EntityManagerFactory is used directly rather than through
 * Aries' JpaTemplate, which would pick its JTA flavour as soon as a TransactionManager is around.
 */
@Component(service = VolumeStore.class)
public class JpaVolumeStore implements VolumeStore {

    /** Ids per IN list: well under any database's parameter limit. */
    private static final int IN_LIST_SIZE = 500;

    private final EntityManagerFactory emf;

    @Activate
    public JpaVolumeStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.emf = emf;
    }

    @Override
    public Volume create(NewVolume volume) {
        VolumeEntity entity = new VolumeEntity(UUID.randomUUID().toString(), volume, new Date());
        return inTransaction(em -> {
            em.persist(entity);
            insertMetadata(em, entity.id(), volume.metadata());
            return entity.toVolume(volume.metadata());
        });
    }

    @Override
    public Optional<Volume> find(String id) {
        return inTransaction(em -> em.createQuery(
                "SELECT v FROM VolumeEntity v WHERE v.id = :id AND v.deleted = false", VolumeEntity.class)
                .setParameter("id", id)
                .getResultList().stream().findFirst().map(entity -> withMetadata(em, List.of(entity)).get(0)));
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
            return withMetadata(em, query.getResultList());
        });
    }

    @Override
    public List<Volume> query(VolumeQuery query) {
        Filter filter = Filter.of(query);
        String order = orderBy(query.sort());
        return inTransaction(em -> {
            int first = query.offset();
            Filter page = filter;
            if (query.marker() != null && query.sort().equals(VolumeQuery.DEFAULT_SORT)) {
                // Newest first: continue strictly after the marker's (created_at, id), along the listing index.
                List<Date> marker = filter.bind(em.createQuery("SELECT v.createdAt FROM VolumeEntity v WHERE "
                        + filter.jpql() + " AND v.id = :marker", Date.class).setParameter("marker", query.marker()))
                        .getResultList();
                if (marker.isEmpty()) {
                    throw new IllegalArgumentException("Marker " + query.marker() + " could not be found.");
                }
                page = filter.and("(v.createdAt < :markerCreated OR (v.createdAt = :markerCreated AND v.id < :markerId))",
                        Map.of("markerCreated", marker.get(0), "markerId", query.marker()));
            } else if (query.marker() != null) {
                // Any other order: find the marker's place among the ids alone.
                List<String> ids = filter.bind(em.createQuery("SELECT v.id FROM VolumeEntity v WHERE " + filter.jpql()
                        + " ORDER BY " + order, String.class)).getResultList();
                int at = ids.indexOf(query.marker());
                if (at < 0) {
                    throw new IllegalArgumentException("Marker " + query.marker() + " could not be found.");
                }
                first += at + 1;
            }
            return withMetadata(em, page.bind(em.createQuery("SELECT v FROM VolumeEntity v WHERE " + page.jpql()
                    + " ORDER BY " + order, VolumeEntity.class)).setFirstResult(first).setMaxResults(query.limit())
                    .getResultList());
        });
    }

    @Override
    public long count(VolumeQuery query) {
        Filter filter = Filter.of(query);
        return inTransaction(em -> filter.bind(em.createQuery("SELECT COUNT(v) FROM VolumeEntity v WHERE " + filter.jpql(),
                Long.class)).getSingleResult());
    }

    @Override
    public VolumeSummary summarize(VolumeQuery query) {
        Filter filter = Filter.of(query);
        return inTransaction(em -> {
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

    /** The entities as volumes, with their metadata read in one query per {@value #IN_LIST_SIZE} volumes. */
    private static List<Volume> withMetadata(EntityManager em, List<VolumeEntity> entities) {
        Map<String, Map<String, String>> metadata = new HashMap<>();
        for (int from = 0; from < entities.size(); from += IN_LIST_SIZE) {
            List<String> ids = entities.subList(from, Math.min(entities.size(), from + IN_LIST_SIZE)).stream()
                    .map(VolumeEntity::id).toList();
            em.createQuery("SELECT m.resourceId, m.key, m.value FROM MetadataEntity m WHERE m.resourceId IN :ids",
                    Object[].class).setParameter("ids", ids).getResultList()
                    .forEach(row -> metadata.computeIfAbsent((String) row[0], id -> new TreeMap<>())
                            .put((String) row[1], (String) row[2]));
        }
        List<Volume> volumes = new ArrayList<>(entities.size());
        entities.forEach(entity -> volumes.add(entity.toVolume(metadata.get(entity.id()))));
        return volumes;
    }

    private static void insertMetadata(EntityManager em, String id, Map<String, String> metadata) {
        metadata.forEach((key, value) -> em.createNativeQuery(
                "INSERT INTO resource_metadata (resource_id, meta_key, meta_value) VALUES (?, ?, ?)")
                .setParameter(1, id).setParameter(2, key).setParameter(3, value).executeUpdate());
    }

    /** A query's WHERE clause and its parameters. */
    private record Filter(String jpql, Map<String, Object> parameters) {

        static Filter of(VolumeQuery query) {
            StringBuilder jpql = new StringBuilder("v.deleted = false");
            Map<String, Object> parameters = new LinkedHashMap<>();
            add(jpql, parameters, "v.projectId = :project", "project", query.projectId());
            add(jpql, parameters, "v.name = :name", "name", query.name());
            add(jpql, parameters, "LOCATE(:contains, v.name) > 0", "contains", query.nameContains());
            add(jpql, parameters, "v.status = :status", "status",
                    query.status() == null ? null : query.status().wireName());
            add(jpql, parameters, "v.availabilityZone = :zone", "zone", query.availabilityZone());
            add(jpql, parameters, "v.bootable = :bootable", "bootable", query.bootable());
            int pair = 0;
            for (Map.Entry<String, String> entry : query.metadata().entrySet()) {
                jpql.append(" AND EXISTS (SELECT m FROM MetadataEntity m WHERE m.resourceId = v.id AND m.key = :mk")
                        .append(pair).append(" AND m.value = :mv").append(pair).append(')');
                parameters.put("mk" + pair, entry.getKey());
                parameters.put("mv" + pair, entry.getValue());
                pair++;
            }
            return new Filter(jpql.toString(), parameters);
        }

        private static void add(StringBuilder jpql, Map<String, Object> parameters, String condition, String name,
                Object value) {
            if (value != null) {
                jpql.append(" AND ").append(condition);
                parameters.put(name, value);
            }
        }

        Filter and(String condition, Map<String, Object> more) {
            Map<String, Object> all = new LinkedHashMap<>(parameters);
            all.putAll(more);
            return new Filter(jpql + " AND " + condition, all);
        }

        <T> TypedQuery<T> bind(TypedQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    private static String orderBy(List<VolumeQuery.SortKey> sort) {
        StringBuilder order = new StringBuilder();
        boolean hasId = false;
        boolean ascending = false;
        for (VolumeQuery.SortKey key : sort) {
            order.append(order.length() == 0 ? "" : ", ").append(column(key.field()))
                    .append(key.ascending() ? " ASC" : " DESC");
            hasId |= key.field() == VolumeQuery.SortField.ID;
            ascending = key.ascending();
        }
        if (!hasId) {
            // A total order, so that markers and offsets are stable.
            order.append(", v.id").append(ascending ? " ASC" : " DESC");
        }
        return order.toString();
    }

    private static String column(VolumeQuery.SortField field) {
        return switch (field) {
            case ID -> "v.id";
            case NAME -> "v.name";
            case STATUS -> "v.status";
            case SIZE -> "v.sizeGb";
            case AVAILABILITY_ZONE -> "v.availabilityZone";
            case CREATED_AT -> "v.createdAt";
            case UPDATED_AT -> "v.updatedAt";
        };
    }

    /**
     * One SQL statement per guarded update: OpenJPA may run a JPQL bulk update in memory (load,
     * then write), which would let two actors both "win"; a native UPDATE leaves the compare
     * and the set to the database, atomically.
     */
    @Override
    public boolean transition(String id, VolumeStatus from, VolumeStatus to, VolumeChange change) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("A volume cannot go from " + from.wireName() + " to " + to.wireName());
        }
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Object> values = new ArrayList<>(List.of(to.wireName(), now));
        StringBuilder sql = new StringBuilder("UPDATE volumes SET status = ?, updated_at = ?");
        if (change.statusReason() != null) {
            sql.append(", status_reason = ?");
            values.add(truncate(change.statusReason(), 1024));
        }
        if (change.providerLocation() != null) {
            sql.append(", provider_location = ?");
            values.add(change.providerLocation());
        }
        if (change.sizeGb() != null) {
            sql.append(", size_gb = ?");
            values.add(change.sizeGb());
        }
        if (to == VolumeStatus.AVAILABLE && from == VolumeStatus.CREATING) {
            sql.append(", launched_at = ?");
            values.add(now);
        }
        if (to == VolumeStatus.DELETED) {
            sql.append(", deleted = ?, deleted_at = ?");
            values.add(Boolean.TRUE);
            values.add(now);
        }
        sql.append(" WHERE id = ? AND status = ? AND deleted = ?");
        values.addAll(List.of(id, from.wireName(), Boolean.FALSE));
        return update(sql.toString(), values) == 1;
    }

    @Override
    public boolean reset(String id, VolumeStatus from, VolumeStatus to, String statusReason) {
        if (to == VolumeStatus.DELETED) {
            throw new IllegalArgumentException("A reset cannot delete a volume");
        }
        List<Object> values = new ArrayList<>(List.of(to.wireName(), new Timestamp(System.currentTimeMillis())));
        // NULL as a literal: a null parameter has no SQL type for the driver.
        String reason = statusReason == null ? "NULL" : "?";
        if (statusReason != null) {
            values.add(statusReason);
        }
        values.addAll(List.of(id, from.wireName(), Boolean.FALSE));
        return update("UPDATE volumes SET status = ?, updated_at = ?, status_reason = " + reason
                + " WHERE id = ? AND status = ? AND deleted = ?", values) == 1;
    }

    @Override
    public Optional<Map<String, String>> writeMetadata(String id, Map<String, String> metadata, boolean replace) {
        return inTransaction(em -> {
            // Touching the row first locks it, so concurrent writers of one volume's metadata take turns.
            int found = em.createNativeQuery("UPDATE volumes SET updated_at = ? WHERE id = ? AND deleted = ?")
                    .setParameter(1, new Timestamp(System.currentTimeMillis())).setParameter(2, id)
                    .setParameter(3, Boolean.FALSE).executeUpdate();
            if (found == 0) {
                return Optional.empty();
            }
            if (replace) {
                em.createNativeQuery("DELETE FROM resource_metadata WHERE resource_id = ?").setParameter(1, id)
                        .executeUpdate();
            } else {
                metadata.keySet().forEach(key -> em.createNativeQuery(
                        "DELETE FROM resource_metadata WHERE resource_id = ? AND meta_key = ?")
                        .setParameter(1, id).setParameter(2, key).executeUpdate());
            }
            insertMetadata(em, id, metadata);
            Map<String, String> now = new TreeMap<>();
            em.createQuery("SELECT m.key, m.value FROM MetadataEntity m WHERE m.resourceId = :id", Object[].class)
                    .setParameter("id", id).getResultList().forEach(row -> now.put((String) row[0], (String) row[1]));
            return Optional.of(now);
        });
    }

    @Override
    public boolean deleteMetadata(String id, String key) {
        return update("DELETE FROM resource_metadata WHERE resource_id = ? AND meta_key = ?", List.of(id, key)) == 1;
    }

    @Override
    public boolean setFlags(String id, Boolean bootable, Boolean readOnly) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE volumes SET updated_at = ?");
        values.add(new Timestamp(System.currentTimeMillis()));
        if (bootable != null) {
            sql.append(", bootable = ?");
            values.add(bootable);
        }
        if (readOnly != null) {
            sql.append(", read_only = ?");
            values.add(readOnly);
        }
        sql.append(" WHERE id = ? AND deleted = ?");
        values.addAll(List.of(id, Boolean.FALSE));
        return update(sql.toString(), values) == 1;
    }

    @Override
    public boolean describe(String id, VolumeDescription change) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE volumes SET updated_at = ?");
        values.add(new Timestamp(System.currentTimeMillis()));
        // NULL as a literal: a null parameter has no SQL type for the driver.
        if (change.setName()) {
            sql.append(change.name() == null ? ", display_name = NULL" : ", display_name = ?");
            if (change.name() != null) {
                values.add(change.name());
            }
        }
        if (change.setDescription()) {
            sql.append(change.description() == null ? ", display_description = NULL" : ", display_description = ?");
            if (change.description() != null) {
                values.add(change.description());
            }
        }
        sql.append(" WHERE id = ? AND deleted = ?");
        values.addAll(List.of(id, Boolean.FALSE));
        return update(sql.toString(), values) == 1;
    }

    @Override
    public boolean assignHost(String id, String host, String availabilityZone) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        return update("UPDATE volumes SET host = ?, availability_zone = ?, scheduled_at = ?, updated_at = ?"
                + " WHERE id = ? AND status = ? AND host IS NULL AND deleted = ?",
                Arrays.asList(host, availabilityZone, now, now, id, VolumeStatus.CREATING.wireName(), Boolean.FALSE)) == 1;
    }

    @Override
    public void purge(String id) {
        inTransaction(em -> {
            em.createNativeQuery("DELETE FROM resource_metadata WHERE resource_id = ?").setParameter(1, id).executeUpdate();
            return em.createNativeQuery("DELETE FROM volumes WHERE id = ?").setParameter(1, id).executeUpdate();
        });
    }

    private int update(String sql, List<Object> values) {
        return inTransaction(em -> {
            Query query = em.createNativeQuery(sql);
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
            return query.executeUpdate();
        });
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
