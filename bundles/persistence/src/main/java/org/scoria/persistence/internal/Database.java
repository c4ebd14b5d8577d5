package org.scoria.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.Query;

import org.apache.openjpa.persistence.OpenJPAEntityManager;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.scoria.persistence.NameInUseException;

/**
 * Resource-local transactions on the persistence unit, used directly rather than through Aries'
 * JpaTemplate, which would pick its JTA flavour as soon as a TransactionManager is around.
 */
final class Database {

    private final EntityManagerFactory emf;
    /** Projects whose quota lock row is known to exist: rows are never removed, so this only saves queries. */
    private final Set<String> quotaProjects = ConcurrentHashMap.newKeySet();
    private volatile Boolean derby;

    Database(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /**
     * Takes a shared lock on a live row until the transaction ends: other transactions may take it
     * too (concurrent creates of one type do not queue), but an update of the row (the type's
     * delete) waits for them, and they for it. Derby spells it {@code WITH RS}, PostgreSQL
     * {@code FOR SHARE}.
     *
     * @return whether the live row exists
     */
    boolean lockShared(EntityManager em, String table, String id) {
        // OpenJPA's optimistic transactions take a connection only when they first write: begin the
        // store transaction now, or the lock would be taken, and let go, on a connection of its own.
        OpenJPAEntityManager store = OpenJPAPersistence.cast(em);
        if (!store.isStoreActive()) {
            store.beginStore();
        }
        String sql = "SELECT id FROM " + table + " WHERE id = ? AND deleted = ?"
                + (isDerby(em) ? " WITH RS" : " FOR SHARE");
        return !rows(em, sql, id, Boolean.FALSE).isEmpty();
    }

    private boolean isDerby(EntityManager em) {
        Boolean derby = this.derby;
        if (derby == null) {
            try {
                derby = em.unwrap(Connection.class).getMetaData().getDatabaseProductName().contains("Derby");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot tell which database this is", e);
            }
            this.derby = derby;
        }
        return derby;
    }

    Set<String> quotaProjects() {
        return quotaProjects;
    }

    /** How often a transaction the database chose as a deadlock's victim runs at most. */
    private static final int DEADLOCK_TRIES = 5;

    /**
     * Runs {@code work} in a transaction, committed unless {@code work} rolled it back itself. A
     * transaction the database rolled back to break a deadlock (a reader and a writer locking rows
     * in opposite order, on Derby's row locks) runs again: the work touches only the database, so
     * a new try is the same request made a moment later.
     */
    <T> T inTransaction(Function<EntityManager, T> work) {
        for (int tries = 1;; tries++) {
            try {
                return once(work);
            } catch (RuntimeException e) {
                if (!deadlockVictim(e) || tries == DEADLOCK_TRIES) {
                    throw e;
                }
            }
        }
    }

    private <T> T once(Function<EntityManager, T> work) {
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

    /** How often an update-or-insert runs at most: each try after the first follows another writer's commit. */
    private static final int UPSERT_TRIES = 16;

    /**
     * Runs an update-or-insert in a transaction. Two first writes of one key may both find no row
     * to update and both insert: the loser's unique-constraint violation (SQLState 23505) runs the
     * work again. On PostgreSQL a try that lost can lose again, to a writer that committed while it
     * ran (a statement does not see rows committed after it began), so a race of several writers
     * settles within as many tries as there are writers.
     */
    <T> T upsert(Function<EntityManager, T> work) {
        for (int tries = 1;; tries++) {
            try {
                return inTransaction(work);
            } catch (RuntimeException e) {
                if (!duplicateKey(e) || tries == UPSERT_TRIES) {
                    throw e;
                }
            }
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

    /** The rows of a native query, each as its columns (a single column comes back unwrapped otherwise). */
    static List<Object[]> rows(EntityManager em, String sql, Object... values) {
        return rows(em, Integer.MAX_VALUE, sql, values);
    }

    /** As {@link #rows(EntityManager, String, Object...)}, the first {@code limit} only. */
    static List<Object[]> rows(EntityManager em, int limit, String sql, Object... values) {
        List<Object[]> rows = new ArrayList<>();
        for (Object row : nativeQuery(em, sql, Arrays.asList(values)).setMaxResults(limit).getResultList()) {
            rows.add(row instanceof Object[] columns ? columns : new Object[] {row});
        }
        return rows;
    }

    /** The live rows of {@code table} that meet {@code condition}, by name. */
    static List<Object[]> liveRows(EntityManager em, String table, String columns, String condition, Object... values) {
        List<Object> parameters = new ArrayList<>(List.of(Boolean.FALSE));
        parameters.addAll(List.of(values));
        return rows(em, "SELECT " + columns + " FROM " + table + " WHERE deleted = ? AND " + condition + " ORDER BY name",
                parameters.toArray());
    }

    static long count(EntityManager em, String sql, Object... values) {
        return ((Number) rows(em, sql, values).get(0)[0]).longValue();
    }

    /** A boolean column as the driver returns it (Derby and PostgreSQL: Boolean; some drivers: a number). */
    static boolean bool(Object column) {
        return column instanceof Boolean flag ? flag : column instanceof Number number && number.intValue() != 0;
    }

    static Instant instant(Object column) {
        return column == null ? null : ((Timestamp) column).toInstant();
    }

    /**
     * Runs work that gives a resource a name that must be unique among live ones, turning the
     * database's unique-constraint violation (SQLState 23505) into {@link NameInUseException}.
     */
    static <T> T uniqueName(String name, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (duplicateKey(e)) {
                throw new NameInUseException(name);
            }
            throw e;
        }
    }

    /** Whether a failure is a unique-constraint violation (SQLState 23505 on Derby and PostgreSQL). */
    static boolean duplicateKey(RuntimeException failure) {
        return sqlState(failure, "23505");
    }

    /** Whether a transaction was rolled back to break a deadlock: 40001 on Derby, 40P01 on PostgreSQL. */
    static boolean deadlockVictim(RuntimeException failure) {
        return sqlState(failure, "40001") || sqlState(failure, "40P01");
    }

    private static boolean sqlState(RuntimeException failure, String state) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static int execute(EntityManager em, String sql, List<?> values) {
        return nativeQuery(em, sql, values).executeUpdate();
    }

    /**
     * A native query with its parameters bound; a {@code null} value is written as the literal
     * {@code NULL} in its place, since a null parameter has no SQL type for the driver (Derby
     * refuses it). The statements here have no {@code ?} other than their parameters.
     */
    private static Query nativeQuery(EntityManager em, String sql, List<?> values) {
        StringBuilder text = new StringBuilder(sql.length() + 8);
        List<Object> bound = new ArrayList<>(values.size());
        int parameter = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != '?') {
                text.append(c);
            } else if (values.get(parameter++) == null) {
                text.append("NULL");
            } else {
                text.append('?');
                bound.add(values.get(parameter - 1));
            }
        }
        if (parameter != values.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + parameter + " parameters: " + sql);
        }
        Query query = em.createNativeQuery(text.toString());
        for (int i = 0; i < bound.size(); i++) {
            query.setParameter(i + 1, bound.get(i));
        }
        return query;
    }
}
