package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.ImageCacheEntry;
import org.scoria.persistence.ImageCacheEntry.Status;

/** The image-volume cache's entries against a real (in-memory) Derby, migrated by the real scripts. */
public class JpaImageCacheStoreTest {

    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(1));

    private static EntityManagerFactory emf;
    private static JpaImageCacheStore store;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        DataSource dataSource = TestDatabase.create("scoria-image-cache-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        store = new JpaImageCacheStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    @Test
    public void oneCreatorFillsAnEntryAndOnlyAReadyOneIsUsed() {
        ImageCacheEntry claimed = store.claim("node@a", "image-1", 2, "volume-1", LONG_AGO).orElseThrow();
        assertEquals(Status.CREATING, claimed.status());
        assertEquals(2, claimed.sizeGb());
        assertEquals("another creator waits for nobody: it writes its volume itself", Optional.empty(),
                store.claim("node@a", "image-1", 2, "volume-2", LONG_AGO));
        assertEquals("the same creator, redelivered, takes its claim again", claimed.id(),
                store.claim("node@a", "image-1", 2, "volume-1", LONG_AGO).orElseThrow().id());
        assertFalse("a filling entry is not cloned", store.use(claimed.id()));

        assertTrue(store.ready(claimed.id()));
        assertFalse(store.ready(claimed.id()));
        assertTrue(store.use(claimed.id()));
        assertEquals(Optional.empty(), store.claim("node@a", "image-1", 2, "volume-1", LONG_AGO));
        assertEquals("another backend has a cache of its own", Status.CREATING,
                store.claim("node@b", "image-1", 2, "volume-3", LONG_AGO).orElseThrow().status());

        assertFalse("an entry used since is kept", store.evict(claimed.id(), LONG_AGO));
        assertTrue(store.evict(claimed.id(), Instant.now().plusSeconds(1)));
        assertFalse("an evicted entry is not cloned", store.use(claimed.id()));
        assertEquals(Status.DELETING, store.find("node@a", "image-1").orElseThrow().status());
        store.remove(claimed.id());
        assertEquals(Optional.empty(), store.find("node@a", "image-1"));
    }

    @Test
    public void anAbandonedFillIsTakenOverAndAFailedOneDiscarded() throws InterruptedException {
        ImageCacheEntry claimed = store.claim("node@c", "image-2", 1, "volume-1", LONG_AGO).orElseThrow();
        Thread.sleep(5);
        ImageCacheEntry taken = store.claim("node@c", "image-2", 1, "volume-2", Instant.now()).orElseThrow();
        assertEquals("the same entry, now volume-2's", claimed.id(), taken.id());
        assertEquals("volume-2", taken.creator());
        assertFalse("only its creator discards it", store.discard(taken.id(), "volume-1"));
        assertTrue(store.discard(taken.id(), "volume-2"));
        assertEquals(Status.DELETING, store.find("node@c", "image-2").orElseThrow().status());
        store.remove(taken.id());
    }

    @Test
    public void ofManyConcurrentClaimsOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<ImageCacheEntry>>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String creator = "volume-" + i;
                Callable<Optional<ImageCacheEntry>> claim = () -> store.claim("node@d", "image-3", 1, creator, LONG_AGO);
                claims.add(pool.submit(claim));
            }
            int won = 0;
            for (Future<Optional<ImageCacheEntry>> claim : claims) {
                won += claim.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, won);
            assertEquals(1, store.entries("node@d").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void entriesComeLeastRecentlyUsedFirst() throws InterruptedException {
        ImageCacheEntry older = store.claim("node@e", "image-4", 1, "volume-1", LONG_AGO).orElseThrow();
        ImageCacheEntry newer = store.claim("node@e", "image-5", 3, "volume-1", LONG_AGO).orElseThrow();
        store.ready(older.id());
        store.ready(newer.id());
        Thread.sleep(5);
        store.use(older.id());
        assertEquals(List.of(newer.id(), older.id()), store.entries("node@e").stream().map(ImageCacheEntry::id).toList());
        assertTrue(store.entries(null).size() >= 2);
    }
}
