package org.scoria.persistence.testing;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.scoria.persistence.AttachmentStore;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.ImageCacheStore;
import org.scoria.persistence.PendingCommandStore;
import org.scoria.persistence.QosSpecsStore;
import org.scoria.persistence.QuotaStore;
import org.scoria.persistence.ServiceStateStore;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.UserMessageStore;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.persistence.internal.JpaAttachmentStore;
import org.scoria.persistence.internal.JpaBackupStore;
import org.scoria.persistence.internal.JpaImageCacheStore;
import org.scoria.persistence.internal.JpaPendingCommandStore;
import org.scoria.persistence.internal.JpaQosSpecsStore;
import org.scoria.persistence.internal.JpaQuotaStore;
import org.scoria.persistence.internal.JpaServiceStateStore;
import org.scoria.persistence.internal.JpaSnapshotStore;
import org.scoria.persistence.internal.JpaUserMessageStore;
import org.scoria.persistence.internal.JpaVolumeStore;
import org.scoria.persistence.internal.JpaVolumeTypeStore;
import org.scoria.persistence.internal.SchemaMigrator;

/**
 * Scoria's real persistence unit and stores on a fresh in-memory Derby database, migrated by the
 * real scripts: what the unit tests of the bundles above persistence (scheduler, volume API)
 * run their logic on, in seconds and without Karaf. Shipped to them as this module's test jar.
 */
public final class InMemoryStores implements AutoCloseable {

    public final EmbeddedDataSource dataSource = new EmbeddedDataSource();
    public final EntityManagerFactory emf;
    public final SchemaMigrator schema;
    public final VolumeStore volumes;
    public final SnapshotStore snapshots;
    public final BackupStore backups;
    public final AttachmentStore attachments;
    public final VolumeTypeStore types;
    public final QosSpecsStore qos;
    public final QuotaStore quotas;
    public final UserMessageStore messages;
    public final ServiceStateStore services;
    public final PendingCommandStore pendingCommands;
    public final ImageCacheStore imageCache;

    public InMemoryStores() throws SQLException, IOException {
        dataSource.setDatabaseName("memory:scoria-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        schema = new SchemaMigrator(dataSource);
        volumes = new JpaVolumeStore(emf, schema);
        snapshots = new JpaSnapshotStore(emf, schema);
        backups = new JpaBackupStore(emf, schema);
        attachments = new JpaAttachmentStore(emf, schema);
        types = new JpaVolumeTypeStore(emf, schema);
        qos = new JpaQosSpecsStore(emf, schema);
        quotas = new JpaQuotaStore(emf, schema);
        messages = new JpaUserMessageStore(emf, schema);
        services = new JpaServiceStateStore(emf, schema);
        pendingCommands = new JpaPendingCommandStore(emf, schema);
        imageCache = new JpaImageCacheStore(emf, schema);
    }

    @Override
    public void close() {
        emf.close();
    }
}
