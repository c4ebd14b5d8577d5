package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.NewVolume;

/**
 * A transaction the database picks as a deadlock's victim runs again: two transactions lock two
 * volume rows in opposite order, each waiting at a barrier after its first lock, so the database
 * must break the cycle; both end committed, and their work is in the rows.
 */
public class DatabaseDeadlockTest {

    private static DataSource dataSource;
    private static EntityManagerFactory emf;
    private static JpaVolumeStore volumes;

    @BeforeClass
    public static void open() throws Exception {
        // Derby looks for deadlocks after 20 s by default; a second is enough here.
        System.setProperty("derby.locks.deadlockTimeout", "1");
        dataSource = TestDatabase.create("scoria-deadlock-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        volumes = new JpaVolumeStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    @Test
    public void theVictimOfADeadlockRunsAgainAndBothCommit() throws Exception {
        String first = volumes.create(new NewVolume("p", "u", null, null, 1, "nova")).id();
        String second = volumes.create(new NewVolume("p", "u", null, null, 1, "nova")).id();
        Database db = new Database(emf);
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        AtomicInteger tries = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (String[] order : List.of(new String[] {first, second}, new String[] {second, first})) {
                done.add(clients.submit(() -> db.inTransaction(em -> {
                    boolean firstTry = tries.incrementAndGet() <= 2;
                    int changed = rename(em, order[0], "locked first");
                    if (firstTry) {
                        await(bothLocked);
                    }
                    return changed + rename(em, order[1], "locked second by " + order[0]);
                })));
            }
            assertEquals(2, (int) done.get(0).get(60, TimeUnit.SECONDS));
            assertEquals(2, (int) done.get(1).get(60, TimeUnit.SECONDS));
        } finally {
            clients.shutdownNow();
        }
        assertEquals("one of the two ran again", 3, tries.get());
    }

    private static int rename(EntityManager em, String volumeId, String name) {
        return Database.execute(em, "UPDATE volumes SET display_name = ?, updated_at = ? WHERE id = ?",
                List.of(name, new Timestamp(System.currentTimeMillis()), volumeId));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
