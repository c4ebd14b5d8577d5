package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

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
import org.scoria.fault.FaultPoints;
import org.scoria.guard.VendorGuard;
import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.Subscription;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.backup.ObjectMissingException;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.scoria.spi.connector.BlockDevice;
import org.scoria.spi.connector.VolumeConnector;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PREFIX_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final BackupStore backups;
    private final VolumeStore volumes;
    private final CommandBus bus;
    private final Config config;
    private final ChunkCompression compression;
    private final String host;
    /** The connector sent with every export call: this host does not change while the component lives. */
    private final String connector;
    private final VendorGuard guard;
    private final Duration vendorTimeout;
    private final Map<String, GuardedObjectStore> stores = new ConcurrentHashMap<>();
    private final Map<String, GuardedVolumeConnector> connectors = new ConcurrentHashMap<>();
    private final ExecutorService chunkPool;
    private final ChunkMemory chunkMemory;
    private final RunningWork running;
    private Subscription subscription;
    private boolean active;

    @Activate
    public BackupManager(@Reference BackupStore backups, @Reference VolumeStore volumes, @Reference CommandBus bus,
            @Reference VendorGuard guard, Config config) {
        this.compression = ChunkCompression.named(config.compression().trim());
        if (config.concurrency() < 1 || config.parallel_chunks() < 1 || config.bandwidth_mb_per_second() < 0) {
            throw new IllegalArgumentException("concurrency and parallel.chunks must be at least 1, bandwidth.mb.per.second"
                    + " at least 0");
        }
        this.guard = guard;
        this.vendorTimeout = Duration.ofSeconds(config.vendor_call_timeout_seconds());
        this.backups = backups;
        this.running = new RunningWork(backups);
        this.volumes = volumes;
        this.bus = bus;
        this.config = config;
        this.host = config.host().isBlank() ? localHostName() : config.host().trim();
        this.connector = connector(host);
        AtomicInteger threads = new AtomicInteger();
        this.chunkPool = Executors.newFixedThreadPool(config.concurrency() * config.parallel_chunks(),
                runnable -> {
                    Thread thread = new Thread(runnable, "scoria-backup-chunk-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.chunkMemory = new ChunkMemory(config.chunk_memory_mb() > 0 ? config.chunk_memory_mb() * (1L << 20)
                : Runtime.getRuntime().maxMemory() / 2);
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
        stores.put(String.valueOf(properties.get(ObjectStore.DRIVER_NAME)), new GuardedObjectStore(store, guard, vendorTimeout));
        updateConsumption();
    }

    void unbindStore(ObjectStore store, Map<String, Object> properties) {
        stores.computeIfPresent(String.valueOf(properties.get(ObjectStore.DRIVER_NAME)),
                (name, bound) -> bound.wraps(store) ? null : bound);
        updateConsumption();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConnector(VolumeConnector connector, Map<String, Object> properties) {
        connectors.put(String.valueOf(properties.get(VolumeConnector.PROTOCOL)),
                new GuardedVolumeConnector(connector, guard, vendorTimeout));
    }

    void unbindConnector(VolumeConnector connector, Map<String, Object> properties) {
        connectors.computeIfPresent(String.valueOf(properties.get(VolumeConnector.PROTOCOL)),
                (protocol, bound) -> bound.wraps(connector) ? null : bound);
    }

    /** Consumes while the store for new backups is installed, pauses while it is not. */
    private synchronized void updateConsumption() {
        if (!active) {
            return;
        }
        boolean ready = stores.containsKey(config.store());
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
        switch (command.type()) {
            case Command.CREATE_BACKUP -> create(command);
            case Command.RESTORE_BACKUP -> restore(command);
            case Command.DELETE_BACKUP -> delete(command);
            case Command.IMPORT_BACKUP -> importBackup(command);
            default -> LOG.warn("[{}] Backup manager ignored unknown command {} for {}", command.requestId(),
                    command.type(), command.resourceId());
        }
    }

    private void create(Command command) throws InterruptedException {
        Backup backup = backups.find(command.resourceId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.CREATING) {
            LOG.debug("[{}] Backup {} is no longer being created", command.requestId(), command.resourceId());
            return;
        }
        // A redelivered create keeps the store it began with.
        String storeName = backup.store() != null ? backup.store() : config.store();
        ObjectStore store = stores.get(storeName);
        if (store == null) {
            // The queue pauses without the configured store; a backup begun in another one fails clearly.
            backups.failed(backup.id(), "The backup store " + storeName + " is not installed.");
            return;
        }
        // An incremental backup's unchanged chunks are its parent's objects: it lives in the parent's container.
        Backup parentBackup = backup.parentId() == null ? null : backups.find(backup.parentId()).orElse(null);
        String container = parentBackup != null ? parentBackup.container()
                : backup.container() != null ? backup.container() : store.defaultContainer(backup.projectId());
        String prefix = objectPrefix(backup);
        if (!backups.begin(backup.id(), storeName, container, prefix, host)) {
            return;
        }
        try (RunningWork.Work work = running.begin(backup.id(), BackupStatus.CREATING)) {
            Volume volume = volumes.find(backup.volumeId()).orElseThrow(
                    () -> new IOException("volume " + backup.volumeId() + " is gone"));
            if (backup.parentId() != null && parentBackup == null) {
                throw new IOException("the parent backup " + backup.parentId() + " is gone");
            }
            BackupManifest parent = parentBackup == null ? null : manifestOf(store, parentBackup);
            store.ensureContainer(container);
            Progress progress = new Progress(volume.sizeGb() * (1L << 30), work.progress());
            LOG.info("[{}] Backing up volume {} ({} GiB) into {} {}/{}{}", command.requestId(), volume.id(),
                    volume.sizeGb(), storeName, container, prefix,
                    parent == null ? "" : ", incremental on " + parent.backupId());
            BackupManifest manifest = withBackupDevice(command, volume, backup, device -> copier(store, container)
                    .backup(device, backup.id(), volume.id(), volume.metadata(), prefix, store.chunkSizeBytes(),
                            compression, parent, progress));
            FaultPoints.reach("backup.create.written");
            long written = manifest.ownObjects(prefix);
            if (backups.created(backup.id(), written)) {
                LOG.info("[{}] Backup {} of volume {} is available: {} objects written in {} ms ({} MB/s)",
                        command.requestId(), backup.id(), volume.id(), written, progress.elapsedMillis(),
                        progress.bytesPerSecond() / 1_000_000);
            } else if (running.deleted(backup.id())) {
                removeWhatAStoppedBackupWrote(command, backup.id(), store, container, prefix);
            }
        } catch (RunningWork.Stopped stopped) {
            removeWhatAStoppedBackupWrote(command, backup.id(), store, container, prefix);
        } catch (IOException | ObjectStoreException | DriverException | RuntimeException e) {
            LOG.error("[{}] Backup {} of volume {} failed: {}", command.requestId(), backup.id(), backup.volumeId(),
                    message(e));
            // Only the attempt that records the failure removes the objects: a redelivered attempt that lost must
            // not remove what the one that finished wrote under the same names.
            if (backups.failed(backup.id(), "Backup failed: " + message(e))) {
                removeUnfinished(command, backup.id(), store, container, prefix);
            }
        }
    }

    private void restore(Command command) throws InterruptedException {
        String volumeId = command.arguments().get(Command.VOLUME_ID);
        Backup backup = backups.find(command.resourceId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.RESTORING || !volumeId.equals(backup.restoreVolumeId())) {
            LOG.debug("[{}] Backup {} is no longer restoring into {}", command.requestId(), command.resourceId(), volumeId);
            return;
        }
        boolean fresh = Boolean.parseBoolean(command.arguments().get(Command.NEW_VOLUME));
        try (RunningWork.Work work = running.begin(backup.id(), BackupStatus.RESTORING)) {
            ObjectStore store = installed(backup.store());
            if (fresh && !awaitCreated(backup, volumeId)) {
                return;
            }
            Volume volume = volumes.find(volumeId).orElseThrow(() -> new IOException("volume " + volumeId + " is gone"));
            BackupManifest manifest = manifestOf(store, backup);
            Progress progress = new Progress(manifest.sizeBytes(), work.progress());
            LOG.info("[{}] Restoring backup {} into volume {}", command.requestId(), backup.id(), volumeId);
            withDevice(command, volume, true, device -> {
                copier(store, backup.container())
                        .restore(manifest, device, fresh, progress);
                return null;
            });
            // The source volume's metadata goes with its data, over the volume's own (a redelivered restore writes the same).
            if (manifest.volumeMetadata() != null && !manifest.volumeMetadata().isEmpty()) {
                volumes.writeMetadata(volumeId, manifest.volumeMetadata(), false);
            }
            if (backups.restored(backup.id(), volumeId)) {
                LOG.info("[{}] Backup {} restored into volume {} in {} ms ({} MB/s)", command.requestId(), backup.id(),
                        volumeId, progress.elapsedMillis(), progress.bytesPerSecond() / 1_000_000);
            } else if (running.deleted(backup.id())) {
                restoreStopped(command, backup.id(), volumeId);
            }
        } catch (RunningWork.Stopped stopped) {
            restoreStopped(command, backup.id(), volumeId);
        } catch (IOException | ObjectStoreException | DriverException | RuntimeException e) {
            LOG.error("[{}] Restore of backup {} into volume {} failed: {}", command.requestId(), backup.id(), volumeId,
                    message(e));
            backups.restoreFailed(backup.id(), volumeId, "Restore of backup " + backup.id() + " failed: " + message(e));
        }
    }

    /** A restore whose backup was force-deleted: the delete lets the volume go, to error, for it may hold part of the backup. */
    private static void restoreStopped(Command command, String backupId, String volumeId) {
        LOG.warn("[{}] Restore of backup {} into volume {} stopped: the backup was force-deleted", command.requestId(),
                backupId, volumeId);
    }

    /**
     * Removes what a backup force-deleted while it was made wrote, also what it wrote after its
     * delete removed the rest.
     */
    private void removeWhatAStoppedBackupWrote(Command command, String backupId, ObjectStore store, String container,
            String prefix) {
        LOG.warn("[{}] Backup {} stopped: it was force-deleted while it was made; removing what it wrote under {}/{}",
                command.requestId(), backupId, container, prefix);
        removeUnfinished(command, backupId, store, container, prefix);
    }

    /**
     * Removes what a backup that did not finish wrote, so nothing half-written looks like a backup;
     * objects another record holds too stay. A store that refuses is logged, not thrown.
     */
    private void removeUnfinished(Command command, String backupId, ObjectStore store, String container, String prefix) {
        try {
            if (!backups.objectsShared(backupId)) {
                removeObjects(store, container, prefix);
            }
        } catch (ObjectStoreException | RuntimeException e) {
            LOG.warn("[{}] Could not remove the objects of backup {} under {}/{}: {}", command.requestId(), backupId,
                    container, prefix, message(e));
        }
    }

    /** Waits for the volume created for a restore; false when the restore ended because it failed. */
    private boolean awaitCreated(Backup backup, String volumeId) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.restore_volume_wait_seconds());
        while (System.nanoTime() < deadline) {
            Optional<Volume> volume = volumes.find(volumeId);
            VolumeStatus status = volume.map(Volume::status).orElse(VolumeStatus.DELETED);
            if (status == VolumeStatus.RESTORING_BACKUP || (status == VolumeStatus.AVAILABLE
                    && backups.holdRestoreTarget(backup.id(), volumeId))) {
                return true;
            }
            if (running.deleted(backup.id())) {
                LOG.warn("Restore of backup {} ended before it began: the backup was force-deleted", backup.id());
                return false;
            }
            if (status != VolumeStatus.CREATING) {
                backups.restoreFailed(backup.id(), volumeId, null);
                LOG.warn("Restore of backup {} ended: the volume {} created for it is {}", backup.id(), volumeId,
                        status.wireName());
                return false;
            }
            Thread.sleep(500);
        }
        throw new IOException("the volume " + volumeId + " created for the restore was not made within "
                + config.restore_volume_wait_seconds() + " s");
    }

    private void delete(Command command) throws InterruptedException {
        Backup backup = backups.find(command.resourceId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.DELETING) {
            return;
        }
        if (!running.awaitEnd(backup.id(), config.call_timeout_seconds())) {
            LOG.warn("[{}] Backup {} is deleted while its force-deleted work still runs here", command.requestId(),
                    backup.id());
        }
        try {
            if (backup.objectPrefix() != null && !backups.objectsShared(backup.id())) {
                removeObjects(installed(backup.store()), backup.container(), backup.objectPrefix());
            } else if (backup.objectPrefix() != null) {
                LOG.info("[{}] Backup {} shares its objects with another backup record, which keeps them",
                        command.requestId(), backup.id());
            }
            backups.deleted(backup.id());
            LOG.info("[{}] Backup {} deleted", command.requestId(), backup.id());
        } catch (ObjectStoreException e) {
            LOG.error("[{}] Delete of backup {} failed: {}", command.requestId(), backup.id(), e.getMessage());
            backups.deleteFailed(backup.id(), "Delete failed: " + e.getMessage());
        }
    }

    /**
     * Checks an imported backup against its store: its manifest is there, builds on the record's
     * parent and fits its size, and every object it wrote itself is listed. Its parent's objects
     * were checked on its import. A manifest of another backup id is the data of the backup the
     * record was exported from, imported under a new id as Cinder allows: both records then hold
     * the same objects, which stay until the last of them is deleted.
     */
    private void importBackup(Command command) {
        Backup backup = backups.find(command.resourceId()).orElse(null);
        if (backup == null || backup.status() != BackupStatus.CREATING) {
            return;
        }
        Instant dataTimestamp = Instant.parse(command.arguments().get(Command.DATA_TIMESTAMP));
        try {
            ObjectStore store = installed(backup.store());
            BackupManifest manifest = manifestOf(store, backup);
            if (!backup.id().equals(manifest.backupId())) {
                LOG.info("[{}] Imported backup {} holds the objects of backup {} under {}", command.requestId(),
                        backup.id(), manifest.backupId(), backup.objectPrefix());
            }
            if (!Objects.equals(backup.parentId(), manifest.parentId())) {
                throw new IOException("the manifest builds on " + manifest.parentId() + ", the record on "
                        + backup.parentId());
            }
            if (manifest.sizeBytes() > backup.sizeGb() * (1L << 30)) {
                throw new IOException("the manifest holds " + manifest.sizeBytes() + " bytes, more than the record's "
                        + backup.sizeGb() + " GiB");
            }
            List<String> missing = new ArrayList<>(manifest.ownChunkObjects(backup.objectPrefix()));
            missing.removeAll(store.list(backup.container(), backup.objectPrefix()));
            if (!missing.isEmpty()) {
                throw new IOException(missing.size() + " objects are missing from " + backup.container() + ", e.g. "
                        + missing.get(0));
            }
            long objects = manifest.ownObjects(backup.objectPrefix());
            backups.imported(backup.id(), objects, dataTimestamp, null);
            LOG.info("[{}] Imported backup {} is available: {} objects in {} {}", command.requestId(), backup.id(),
                    objects, backup.store(), backup.container());
        } catch (IOException | ObjectStoreException | RuntimeException e) {
            LOG.error("[{}] Import of backup {} failed: {}", command.requestId(), backup.id(), message(e));
            backups.imported(backup.id(), 0, dataTimestamp, "Import failed: " + message(e));
        }
    }

    /** The store a backup was made in; it must be installed to restore, check or delete the backup. */
    private ObjectStore installed(String storeName) throws ObjectStoreException {
        ObjectStore store = stores.get(storeName);
        if (store == null) {
            throw new ObjectStoreException("the backup store " + storeName + " is not installed");
        }
        return store;
    }

    private ChunkedCopy copier(ObjectStore store, String container) {
        return new ChunkedCopy(store, container, chunkPool, config.parallel_chunks(), chunkMemory,
                new Pacer(config.bandwidth_mb_per_second() * 1_000_000L));
    }

    private interface DeviceWork<T> {
        T run(BlockDevice device) throws IOException, ObjectStoreException, InterruptedException;
    }

    /** Exports the volume to this host, connects, runs the work, and always disconnects and ends the export. */
    private <T> T withDevice(Command command, Volume volume, boolean writable, DeviceWork<T> work)
            throws IOException, ObjectStoreException, DriverException, InterruptedException {
        return withDevice(command, volume, volume.sizeGb(), writable, Command.INITIALIZE_CONNECTION,
                Command.TERMINATE_CONNECTION, Map.of(), work);
    }

    /**
     * Reaches what the backup reads: the volume itself when the backup holds it, otherwise (an
     * in-use volume, a snapshot) a temporary copy its volume manager makes, and always removes.
     */
    private <T> T withBackupDevice(Command command, Volume volume, Backup backup, DeviceWork<T> work)
            throws IOException, ObjectStoreException, DriverException, InterruptedException {
        if (backups.holdsVolume(backup.id())) {
            return withDevice(command, volume, false, work);
        }
        Map<String, String> arguments = new HashMap<>(Map.of(Command.BACKUP_ID, backup.id()));
        if (backup.snapshotId() != null) {
            arguments.put(Command.SNAPSHOT_ID, backup.snapshotId());
        }
        return withDevice(command, volume, backup.sizeGb(), false, Command.CREATE_BACKUP_DEVICE,
                Command.REMOVE_BACKUP_DEVICE, arguments, work);
    }

    /**
     * Opens a connection with the call {@code open}, connects, runs the work, and always
     * disconnects and ends the connection with the call {@code close}: both calls take the
     * arguments, the close also the {@code provider_location} the open answered, if any.
     */
    private <T> T withDevice(Command command, Volume volume, int sizeGb, boolean writable, String open, String close,
            Map<String, String> arguments, DeviceWork<T> work)
            throws IOException, ObjectStoreException, DriverException, InterruptedException {
        Map<String, String> closing = new HashMap<>(arguments);
        try {
            ConnectionInfo info = connectionInfo(call(command, volume, open, arguments));
            Object location = info.data().get(Command.PROVIDER_LOCATION);
            if (location != null) {
                closing.put(Command.PROVIDER_LOCATION, String.valueOf(location));
            }
            VolumeConnector connector = connectors.get(info.driverVolumeType());
            if (connector == null) {
                throw new DriverException("no connector for " + info.driverVolumeType() + " volumes is installed");
            }
            try (BlockDevice device = connector.connect(info, sizeGb * (1L << 30), writable)) {
                return work.run(device);
            }
        } finally {
            try {
                // Also after a failed or timed-out open: the volume manager may have made what is to be ended.
                call(command, volume, close, closing);
            } catch (RuntimeException e) {
                LOG.warn("[{}] Could not end the backup's connection to volume {} ({}): {}", command.requestId(),
                        volume.id(), close, e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ConnectionInfo connectionInfo(Map<String, Object> answer) {
        return new ConnectionInfo(String.valueOf(answer.get("driver_volume_type")),
                (Map<String, Object>) answer.get("data"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(Command command, Volume volume, String type, Map<String, String> arguments) {
        if (volume.host() == null) {
            throw new CallFailedException(CallFailedException.INVALID, "volume " + volume.id() + " is on no backend");
        }
        Duration timeout = Duration.ofSeconds(config.call_timeout_seconds());
        Command call = Command.connectionCall(type, volume.id(), command.requestId(), connector, "rw", timeout);
        for (Map.Entry<String, String> argument : arguments.entrySet()) {
            call = call.with(argument.getKey(), argument.getValue());
        }
        return bus.call(Destinations.volumeManagerCalls(volume.backendHost()), call, Map.class, timeout);
    }

    /** This backup host as os-brick would describe it. */
    private static String connector(String host) {
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("host", host);
        connector.put("ip", "127.0.0.1");
        connector.put("platform", System.getProperty("os.arch"));
        connector.put("os_type", "linux");
        connector.put("multipath", false);
        try {
            return JSON.writeValueAsString(connector);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BackupManifest manifestOf(ObjectStore store, Backup backup) throws IOException, ObjectStoreException {
        if (backup.objectPrefix() == null) {
            throw new IOException("backup " + backup.id() + " has no objects");
        }
        try {
            return BackupManifest.fromJson(store.get(backup.container(), BackupManifest.nameFor(backup.objectPrefix())));
        } catch (ObjectMissingException e) {
            throw new IOException("backup " + backup.id() + " has no manifest in " + backup.container()
                    + ": it was never finished or its objects were removed", e);
        }
    }

    /** Cinder's object names: {@code volume_<id>/<time>/az_<zone>_backup_<id>}. */
    private static String objectPrefix(Backup backup) {
        return "volume_" + backup.volumeId() + "/" + PREFIX_TIME.format(backup.createdAt()) + "/az_"
                + (backup.availabilityZone() == null ? "nova" : backup.availabilityZone()) + "_backup_" + backup.id();
    }

    /** Removes a backup's objects: a deleted one's, or what a failed one wrote, so nothing half-written looks like a backup. */
    private static void removeObjects(ObjectStore store, String container, String prefix) throws ObjectStoreException {
        for (String name : store.list(container, prefix)) {
            store.delete(container, name);
        }
    }

    /** What failed, for a status reason: the message, or the kind of failure when it has none. */
    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
