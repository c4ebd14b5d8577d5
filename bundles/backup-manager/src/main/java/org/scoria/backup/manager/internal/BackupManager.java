package org.scoria.backup.manager.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.guard.VendorGuard;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.Subscription;
import org.scoria.messaging.command.BackupCommand;
import org.scoria.messaging.command.CommandHandlers;
import org.scoria.messaging.command.CreateBackup;
import org.scoria.messaging.command.DeleteBackup;
import org.scoria.messaging.command.ExportCallSender;
import org.scoria.messaging.command.ImportBackup;
import org.scoria.messaging.command.RestoreBackup;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.connector.VolumeConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the backup queue: creates, restores and deletes backups. A volume is reached the way
 * a compute host reaches it, through the connection info its volume manager answers and the
 * connector for that kind; its data goes in chunks into the configured object store. Whatever
 * fails, the connection is ended, the volume released and the backup left in a status that
 * says so; a crash redelivers the request, which starts its work again.
 * <p>
 * The queue is consumed only while the store new backups go to is installed: requests wait in
 * the broker while an operator replaces it.
 */
@Component(immediate = true, configurationPid = BackupManager.PID)
@Designate(ocd = BackupManager.Config.class)
public class BackupManager {

    static final String PID = "org.scoria.backup";

    @ObjectClassDefinition(name = "Scoria backup manager")
    public @interface Config {
        @AttributeDefinition(name = "Backup store", description = "The backup driver new backups go to, by its name"
                + " (scoria.backup.driver.name), e.g. nfs or swift. Restores and deletes use the store each backup was made in.")
        String store() default "nfs";

        @AttributeDefinition(name = "Host", description = "This backup host's name, as recorded on backups and sent"
                + " to volume managers as the connector's host; empty for the machine's name.")
        String host() default "";

        @AttributeDefinition(name = "Compression", description = "How chunk objects are compressed: zlib, zstd or"
                + " none. Backups keep the compression they were made with.")
        String compression() default "zlib";

        @AttributeDefinition(name = "Concurrent requests", description = "How many backups and restores run at once.")
        int concurrency() default 2;

        @AttributeDefinition(name = "Parallel chunks", description = "How many chunks of one backup or restore are"
                + " hashed, compressed and stored at once; each holds one chunk in memory.")
        int parallel_chunks() default 4;

        @AttributeDefinition(name = "Chunk memory (MiB)", description = "The heap all chunks in flight may hold"
                + " together, each about twice its size; 0 for half the JVM's maximum heap.")
        int chunk_memory_mb() default 0;

        @AttributeDefinition(name = "Bandwidth (MB/s)", description = "The most one backup or restore reads or"
                + " writes its volume at; 0 for no limit.")
        int bandwidth_mb_per_second() default 0;

        @AttributeDefinition(name = "Call timeout (s)", description = "How long to wait for a volume manager to export or unexport a volume.")
        int call_timeout_seconds() default 120;

        @AttributeDefinition(name = "Vendor call timeout (s)", description = "How long one call into a backup store,"
                + " a connector or its device may take: one chunk's read or write, a listing, a connection.")
        int vendor_call_timeout_seconds() default 300;

        @AttributeDefinition(name = "Restore volume wait (s)", description = "How long a restore waits for the volume created for it.")
        int restore_volume_wait_seconds() default 600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackupManager.class);

    private final CommandBus bus;
    private final Config config;
    private final VendorGuard guard;
    private final Duration vendorTimeout;
    private final InstalledStores stores = new InstalledStores();
    private final VolumeAccess access;
    private final ExecutorService chunkPool;
    private final CommandHandlers<BackupCommand, Void, Void> handlers;
    private Subscription subscription;
    private boolean active;

    @Activate
    public BackupManager(@Reference BackupStore backups, @Reference VolumeStore volumes, @Reference CommandBus bus,
            @Reference VendorGuard guard, Config config) {
        ChunkCompression compression = ChunkCompression.named(config.compression().trim());
        if (config.concurrency() < 1 || config.parallel_chunks() < 1 || config.bandwidth_mb_per_second() < 0) {
            throw new IllegalArgumentException("concurrency and parallel.chunks must be at least 1, bandwidth.mb.per.second"
                    + " at least 0");
        }
        this.guard = guard;
        this.vendorTimeout = Duration.ofSeconds(config.vendor_call_timeout_seconds());
        this.bus = bus;
        this.config = config;
        String host = config.host().isBlank() ? localHostName() : config.host().trim();
        this.access = new VolumeAccess(new ExportCallSender(bus), backups, host,
                Duration.ofSeconds(config.call_timeout_seconds()));
        AtomicInteger threads = new AtomicInteger();
        this.chunkPool = Executors.newFixedThreadPool(config.concurrency() * config.parallel_chunks(),
                runnable -> {
                    Thread thread = new Thread(runnable, "scoria-backup-chunk-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ChunkMemory chunkMemory = new ChunkMemory(config.chunk_memory_mb() > 0 ? config.chunk_memory_mb() * (1L << 20)
                : Runtime.getRuntime().maxMemory() / 2);
        ChunkedCopy.Settings copies = new ChunkedCopy.Settings(chunkPool, config.parallel_chunks(), chunkMemory,
                config.bandwidth_mb_per_second() * 1_000_000L);
        RunningWork running = new RunningWork(backups);
        BackupCreation creation = new BackupCreation(backups, volumes, stores, config.store(), host, compression, copies,
                access, running);
        BackupRestoration restoration = new BackupRestoration(backups, volumes, stores, copies, access, running,
                config.restore_volume_wait_seconds());
        BackupObjects objects = new BackupObjects(backups, stores, running, config.call_timeout_seconds());
        this.handlers = CommandHandlers.<BackupCommand, Void, Void>of(BackupCommand.class, BackupCommand::read)
                .on(CreateBackup.class, creation::create)
                .on(RestoreBackup.class, restoration::restore)
                .on(DeleteBackup.class, objects::delete)
                .on(ImportBackup.class, objects::importBackup)
                .complete();
        synchronized (this) {
            active = true;
            updateConsumption();
        }
        LOG.info("Backup manager on {}: new backups go to store {} ({} compression), {} at a time, chunks in flight"
                + " within {} MiB, {}", host, config.store(), compression.wireName(), config.concurrency(),
                chunkMemory.total(), config.bandwidth_mb_per_second() == 0 ? "no bandwidth limit"
                        : "each at most " + config.bandwidth_mb_per_second() + " MB/s");
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        chunkPool.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(ObjectStore store, Map<String, Object> properties) {
        stores.add(String.valueOf(properties.get(ObjectStore.DRIVER_NAME)), new GuardedObjectStore(store, guard, vendorTimeout));
        updateConsumption();
    }

    void unbindStore(ObjectStore store, Map<String, Object> properties) {
        stores.remove(String.valueOf(properties.get(ObjectStore.DRIVER_NAME)), store);
        updateConsumption();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConnector(VolumeConnector connector, Map<String, Object> properties) {
        access.addConnector(String.valueOf(properties.get(VolumeConnector.PROTOCOL)),
                new GuardedVolumeConnector(connector, guard, vendorTimeout));
    }

    void unbindConnector(VolumeConnector connector, Map<String, Object> properties) {
        access.removeConnector(String.valueOf(properties.get(VolumeConnector.PROTOCOL)), connector);
    }

    /** Consumes while the store for new backups is installed, pauses while it is not. */
    private synchronized void updateConsumption() {
        if (!active) {
            return;
        }
        boolean ready = stores.get(config.store()) != null;
        if (ready && subscription == null) {
            subscription = bus.consume(Destinations.BACKUP, config.concurrency(), this::handle);
            LOG.info("Backup manager consuming {} with store {}", Destinations.BACKUP, config.store());
        } else if (ready && subscription.isPaused()) {
            subscription.resume();
            LOG.info("Backup store {} is back: backup requests resume", config.store());
        } else if (!ready && subscription != null && !subscription.isPaused()) {
            subscription.pause();
            LOG.warn("Backup store {} is not installed: backup requests wait in the queue", config.store());
        }
    }

    void handle(Command command, Outbox outbox) throws Exception {
        handlers.handle(command, null);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
