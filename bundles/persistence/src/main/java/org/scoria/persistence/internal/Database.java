package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.Query;

import org.scoria.persistence.VolumeDescription;

/**
 * Resource-local transactions on the persistence unit, used directly rather than through Aries'
 * JpaTemplate, which would pick its JTA flavour as soon as a TransactionManager is around.
 */
final class Database {

    private final EntityManagerFactory emf;

    Database(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Runs {@code work} in a transaction, committed unless {@code work} rolled it back itself. */
    <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            EntityTransaction tx = em.getTransaction();
            tx.begin();
            try {
                T result = work.apply(em);
                if (tx.isActive()) {
                    tx.commit();
                }
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

    /**
     * One native statement in its own transaction. Guarded updates are native: OpenJPA may run a
     * JPQL bulk update in memory (load, then write), which would let two actors both "win"; a
     * native UPDATE leaves the compare and the set to the database, atomically.
     */
    int update(String sql, List<Object> values) {
        return inTransaction(em -> execute(em, sql, values));
    }

    static int execute(EntityManager em, String sql, List<Object> values) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(i + 1, values.get(i));
        }
        return query.executeUpdate();
    }

    /** Writes the name and description a change sets on a live row of {@code table}. */
    boolean describe(String table, String id, VolumeDescription change) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE " + table + " SET updated_at = ?");
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
}
