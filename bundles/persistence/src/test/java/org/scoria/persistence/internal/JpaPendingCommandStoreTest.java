package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.PendingCommand;

/** The command journal against a real (in-memory) Derby, migrated by the real scripts. */
public class JpaPendingCommandStoreTest {

    private static EntityManagerFactory emf;
    private static JpaPendingCommandStore store;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        DataSource dataSource = TestDatabase.create("scoria-journal-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        store = new JpaPendingCommandStore(emf, schema);
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    @Test
    public void anEntryIsDueSoonOnceWrittenAndOnlyMuchLaterOtherwise() throws InterruptedException {
        PendingCommand written = store.record("scoria.scheduler", "{\"type\": \"a\"}");
        PendingCommand unwritten = store.record("scoria.scheduler", "{\"type\": \"b\"}");
        Thread.sleep(5);
        store.markWritten(written.id());
        Instant soon = Instant.now().plus(Duration.ofSeconds(1));
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));

        assertEquals("a slow write is not overtaken by its own command", List.of(written.id()),
                ids(store.due(soon, longAgo, 10)));
        assertEquals("oldest first: being marked written starts an entry's age again",
                List.of(unwritten.id(), written.id()), ids(store.due(soon, soon, 10)));
        assertEquals("at most the batch, the oldest", List.of(unwritten.id()), ids(store.due(soon, soon, 1)));

        store.remove(written.id());
        store.remove(written.id());
        assertEquals(List.of(unwritten.id()), ids(store.due(soon, soon, 10)));
        store.remove(unwritten.id());
        assertEquals(List.of(), store.due(soon, soon, 10));
    }

    private static List<String> ids(List<PendingCommand> entries) {
        return entries.stream().map(PendingCommand::id).toList();
    }
}
