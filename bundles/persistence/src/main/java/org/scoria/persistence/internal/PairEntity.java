package org.scoria.persistence.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.MappedSuperclass;

/**
 * A key and value that belong to a row of another table (its {@code resourceId}): the shape of
 * the metadata tables, mapped for JPQL filters and reads; writes are native statements.
 */
@MappedSuperclass
@IdClass(PairEntity.Key.class)
public abstract class PairEntity {

    @Id
    @Column(name = "resource_id", length = 36)
    private String resourceId;

    @Id
    @Column(name = "meta_key")
    private String key;

    @Column(name = "meta_value", nullable = false)
    private String value;

    protected PairEntity() {
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public String resourceId;
        public String key;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Objects.equals(resourceId, that.resourceId) && Objects.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resourceId, key);
        }
    }
}
