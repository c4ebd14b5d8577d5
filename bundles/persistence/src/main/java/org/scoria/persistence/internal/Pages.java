package org.scoria.persistence.internal;

import java.util.Date;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.VolumeQuery;

/**
 * One page of a list, in Cinder's way: sort keys, then a marker (the last id of the previous
 * page) or an offset, and a limit. The entity must have the attributes the sort keys name
 * ({@code id, name, status, sizeGb, availabilityZone, createdAt, updatedAt}).
 */
final class Pages {

    private Pages() {
    }

    /** @throws MissingRowException when the marker is not among the rows the filter selects */
    static <E> List<E> page(EntityManager em, Class<E> entity, JpqlFilter filter, List<VolumeQuery.SortKey> sort,
            String marker, int offset, int limit) {
        String from = "FROM " + entity.getSimpleName() + " v WHERE ";
        String order = orderBy(sort);
        int first = offset;
        JpqlFilter page = filter;
        if (marker != null && sort.equals(VolumeQuery.DEFAULT_SORT)) {
            // Newest first: continue strictly after the marker's (created_at, id), along the listing index.
            List<Date> created = filter.bind(em.createQuery("SELECT v.createdAt " + from + filter.jpql()
                    + " AND v.id = :marker", Date.class).setParameter("marker", marker)).getResultList();
            if (created.isEmpty()) {
                throw new MissingRowException("Marker " + marker + " could not be found.");
            }
            page = filter.and("(v.createdAt < :markerCreated OR (v.createdAt = :markerCreated AND v.id < :markerId))",
                    Map.of("markerCreated", created.get(0), "markerId", marker));
        } else if (marker != null) {
            // Any other order: find the marker's place among the ids alone.
            List<String> ids = filter.bind(em.createQuery("SELECT v.id " + from + filter.jpql() + " ORDER BY " + order,
                    String.class)).getResultList();
            int at = ids.indexOf(marker);
            if (at < 0) {
                throw new MissingRowException("Marker " + marker + " could not be found.");
            }
            first += at + 1;
        }
        return page.bind(em.createQuery("SELECT v " + from + page.jpql() + " ORDER BY " + order, entity))
                .setFirstResult(first).setMaxResults(limit).getResultList();
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

}
