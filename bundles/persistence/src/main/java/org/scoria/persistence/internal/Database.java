package org.scoria.persistence.internal;

import java.util.List;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.Query;

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

    /** One guarded update in its own transaction; whether it changed the row. */
    boolean update(RowUpdate row) {
        return inTransaction(row::execute) == 1;
    }

    /** One native statement in its own transaction. */
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
}
