package org.scoria.persistence.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.TypedQuery;

/** A list query's WHERE clause over the alias {@code v}, and its parameters. */
record JpqlFilter(String jpql, Map<String, Object> parameters) {

    /** Rows not deleted, of one project or, for {@code null}, of every project. */
    static JpqlFilter live(String projectId) {
        return new JpqlFilter("v.deleted = false", Map.of()).and("v.projectId = :project", "project", projectId);
    }

    /** This filter and {@code condition}, unless {@code value} is {@code null} (no condition then). */
    JpqlFilter and(String condition, String name, Object value) {
        return value == null ? this : and(condition, Map.of(name, value));
    }

    JpqlFilter and(String condition, Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(parameters);
        all.putAll(more);
        return new JpqlFilter(jpql + " AND " + condition, all);
    }

    /** Rows that have every one of these metadata pairs. */
    JpqlFilter withMetadata(Map<String, String> metadata) {
        return withPairs("MetadataEntity", "m", metadata);
    }

    /** Volumes whose image metadata has every one of these pairs (Cinder's {@code glance_metadata} filter). */
    JpqlFilter withImageMetadata(Map<String, String> imageMetadata) {
        return withPairs("ImageMetadataEntity", "g", imageMetadata);
    }

    /** Rows of which {@code entity} holds every pair, as key and value of the row's id ({@code resourceId}). */
    private JpqlFilter withPairs(String entity, String prefix, Map<String, String> pairs) {
        JpqlFilter filter = this;
        int pair = 0;
        for (Map.Entry<String, String> entry : pairs.entrySet()) {
            String key = prefix + "k" + pair;
            String value = prefix + "v" + pair;
            filter = filter.and("EXISTS (SELECT " + prefix + " FROM " + entity + " " + prefix + " WHERE " + prefix + "."
                    + "resourceId = v.id AND " + prefix + ".key = :" + key + " AND " + prefix + ".value = :" + value + ")",
                    Map.of(key, entry.getKey(), value, entry.getValue()));
            pair++;
        }
        return filter;
    }

    <T> TypedQuery<T> bind(TypedQuery<T> query) {
        parameters.forEach(query::setParameter);
        return query;
    }
}
