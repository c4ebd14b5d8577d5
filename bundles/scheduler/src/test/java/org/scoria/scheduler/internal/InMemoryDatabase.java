package org.scoria.scheduler.internal;

import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.apache.openjpa.persistence.PersistenceProviderImpl;

/** The real persistence unit on a fresh in-memory Derby, migrated by the real scripts. */
final class InMemoryDatabase implements AutoCloseable {

    final EmbeddedDataSource dataSource = new EmbeddedDataSource();
    final EntityManagerFactory emf;

    InMemoryDatabase() {
        dataSource.setDatabaseName("memory:scoria-scheduler-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
    }

    @Override
    public void close() {
        emf.close();
    }
}
