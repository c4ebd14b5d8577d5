package org.scoria.driver.nfs.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.fault.FaultPoints;
import org.scoria.spi.qemu.QemuImg;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.SnapshotSpec;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's NFS driver on a share mounted at a directory: each volume is a raw file
 * {@code volume-<id>}, sparse unless configured thick. Snapshots are qcow2 overlays, as Cinder's
 * NFS driver takes them (see {@link SnapshotChain}); volumes created from a snapshot or cloned
 * are raw copies made by qemu-img. A volume from an image-volume cache entry is a qcow2 overlay of
 * the entry's file: made at once, whatever the image's size. Capacity is the share's filesystem.
 * <p>
 * Operations on one volume's files are serialised; different volumes proceed in parallel.
 */
@Component(service = VolumeDriver.class, configurationPid = NfsVolumeDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = VolumeDriver.DRIVER_NAME + "=nfs")
@Designate(ocd = NfsVolumeDriver.Config.class, factory = true)
public class NfsVolumeDriver implements VolumeDriver {

    static final String PID = "org.scoria.driver.nfs";

    @ObjectClassDefinition(name = "Scoria NFS backend", description = "One backend: a mounted NFS share holding raw volume files.")
    public @interface Config {
        @AttributeDefinition(name = "Backend name", description = "Unique on this host; Cinder's volume_backend_name.")
        String scoria_backend_name();

        @AttributeDefinition(name = "Availability zone")
        String scoria_backend_availability_zone() default "nova";

        @AttributeDefinition(name = "Share directory", description = "Where the share is mounted; created when missing.")
        String share_directory();

        @AttributeDefinition(name = "Export", description = "The share as consumers mount it (e.g. server:/srv/volumes),"
                + " answered as the connection info's export; empty for the share directory itself.")
        String nfs_export() default "";

        @AttributeDefinition(name = "Mount options", description = "The options consumers mount the export with; empty for none.")
        String nfs_mount_options() default "";

        @AttributeDefinition(name = "Sparse volumes", description = "Thin provisioning: volume files are allocated as written.")
        boolean sparse_volumes() default true;

        @AttributeDefinition(name = "Reserved percentage", description = "Share of the capacity never given to volumes, 0-100.")
        int reserved_percentage() default 0;

        @AttributeDefinition(name = "Max over-subscription ratio", description = "How far sparse volumes may over-commit the share, at least 1.0.")
        double max_over_subscription_ratio() default 20.0;

        @AttributeDefinition(name = "qemu-img command", description = "The qemu-img that takes snapshots and copies volumes.")
        String qemu_img_command() default "qemu-img";

        @AttributeDefinition(name = "qemu-img timeout (s)",
                description = "The longest one qemu-img run may take; the volume manager's driver call timeout also bounds it.")
        int qemu_img_timeout_seconds() default 3600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NfsVolumeDriver.class);
    private static final long GIB = 1L << 30;
    private static final String VERSION = "1.1.0";
    /** A base volume file's name: overlays, chain records and partial files have a dot after the id. */
    private static final Pattern BASE_FILE = Pattern.compile("volume-[^.]+");
    /** {@code volume-<entry>.clone.<volume>}: the volume is an overlay of the cache entry's file. */
    private static final String CLONE_MARK = ".clone.";
    /** {@code volume-<entry>.deleted}: the cache entry is deleted, its file kept for the overlays on it. */
    private static final String DELETED_MARK = ".deleted";

    private final Path share;
    private final String export;
    private final String mountOptions;
    private final boolean sparse;
    private final int reservedPercentage;
    private final double maxOverSubscriptionRatio;
    private final QemuImg qemuImg;
    private final ConcurrentMap<String, Object> volumeLocks = new ConcurrentHashMap<>();

    @Activate
    public NfsVolumeDriver(Config config) throws IOException {
        if (config.reserved_percentage() < 0 || config.reserved_percentage() > 100) {
            throw new IllegalArgumentException("reserved.percentage must be within 0..100, was " + config.reserved_percentage());
        }
        if (config.max_over_subscription_ratio() < 1.0) {
            throw new IllegalArgumentException("max.over.subscription.ratio must be at least 1.0, was "
                    + config.max_over_subscription_ratio());
        }
        this.share = Paths.get(config.share_directory()).toAbsolutePath();
        this.export = config.nfs_export().isBlank() ? share.toString() : config.nfs_export().trim();
        this.mountOptions = config.nfs_mount_options().isBlank() ? null : config.nfs_mount_options().trim();
        this.sparse = config.sparse_volumes();
        this.reservedPercentage = config.reserved_percentage();
        this.maxOverSubscriptionRatio = config.max_over_subscription_ratio();
        this.qemuImg = new QemuImg(config.qemu_img_command(), config.qemu_img_timeout_seconds());
        Files.createDirectories(share);
        LOG.info("NFS backend {} on share {} ({}, {}% reserved, over-subscription up to {})",
                config.scoria_backend_name(), share, sparse ? "sparse" : "thick", reservedPercentage,
                maxOverSubscriptionRatio);
    }

    @Override
    public String createVolume(VolumeSpec volume) throws DriverException {
        Path target = share.resolve(volume.storageName());
        long bytes = volume.sizeGb() * GIB;
        try {
            if (alreadyCreated(target, bytes)) {
                return share.toString();
            }
            // Build under a temporary name and rename, so a crash never leaves a short volume file behind.
            Path partial = partial(volume);
            try (RandomAccessFile file = new RandomAccessFile(partial.toFile(), "rw")) {
                if (sparse) {
                    file.setLength(bytes);
                } else {
                    allocate(file.getChannel(), 0, bytes);
                }
            }
            FaultPoints.reach("nfs.create_volume.partial-written");
            publish(partial, target);
            return share.toString();
        } catch (IOException e) {
            throw new DriverException("cannot create " + target + ": " + e, e);
        }
    }

    @Override
    public String createVolumeFromSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        VolumeSpec source = snapshot.volume();
        return copy(volume, source, chain -> chain.snapshotFile(snapshot.id()).orElseThrow(
                () -> new DriverException("snapshot " + snapshot.id() + " of volume " + source.id() + " is not on the share")));
    }

    @Override
    public String cloneVolume(VolumeSpec volume, VolumeSpec source) throws DriverException {
        return copy(volume, source, SnapshotChain::active);
    }

    /**
     * A qcow2 overlay of the entry's raw file, which stays as it is: nothing is copied. The entry's
     * file records the overlay ({@code volume-<entry>.clone.<volume>}) before the overlay exists, so
     * that deleting the entry keeps its file for as long as an overlay may use it.
     */
    @Override
    public String cloneCachedImage(VolumeSpec volume, VolumeSpec cached) throws DriverException {
        Path origin = share.resolve(cached.storageName());
        Path target = share.resolve(volume.storageName());
        long bytes = volume.sizeGb() * GIB;
        try {
            synchronized (lock(cached.id())) {
                if (!Files.exists(origin) || Files.exists(share.resolve(cached.storageName() + DELETED_MARK))) {
                    throw new DriverException("image-volume cache entry " + cached.id() + " is not on the share");
                }
                Path mark = share.resolve(cached.storageName() + CLONE_MARK + volume.id());
                if (!Files.exists(mark)) {
                    Files.createFile(mark);
                }
            }
            synchronized (lock(volume.id())) {
                SnapshotChain chain = SnapshotChain.load(share, volume.storageName());
                if (Files.exists(target) && chain.baseIsOverlay()) {
                    return share.toString();
                }
                Path partial = partial(volume);
                Files.deleteIfExists(partial);
                qemuImg.createOverlay(partial, origin, QemuImg.RAW, bytes);
                chain.baseOverlay(bytes);
                chain.save();
                publish(partial, target);
            }
            return share.toString();
        } catch (IOException e) {
            throw new DriverException("cannot create " + target + " from cache entry " + cached.id() + ": " + e, e);
        }
    }

    /** The file of a source volume's chain to copy from. */
    @FunctionalInterface
    private interface SourceFile {
        String pick(SnapshotChain chain) throws DriverException;
    }

    /** A new raw volume with the data of a file of {@code source}'s chain, grown to the new volume's size. */
    private String copy(VolumeSpec volume, VolumeSpec source, SourceFile pick) throws DriverException {
        Path target = share.resolve(volume.storageName());
        long bytes = volume.sizeGb() * GIB;
        try {
            if (alreadyCreated(target, bytes)) {
                return share.toString();
            }
            Path partial = partial(volume);
            Files.deleteIfExists(partial);
            synchronized (lock(source.id())) {
                SnapshotChain chain = SnapshotChain.load(share, source.storageName());
                String file = pick.pick(chain);
                qemuImg.convertToRaw(chain.path(file), chain.format(file), partial, sparse);
            }
            if (Files.size(partial) < bytes) {
                grow(partial, bytes);
            }
            publish(partial, target);
            return share.toString();
        } catch (IOException e) {
            throw new DriverException("cannot create " + target + " from volume " + source.id() + ": " + e, e);
        }
    }

    /** qemu-img converts the image straight into the volume's file: no copy in between. */
    @Override
    public void copyImageToVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        onChain(volume, "write an image onto volume " + volume.id(), chain -> qemuImg.writeImage(image.toString(),
                format, chain.path(chain.active()).toString(), chain.format(chain.active()),
                sparse ? QemuImg.Fill.SPARSE : QemuImg.Fill.THICK));
    }

    @Override
    public void reimageVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        // Not sparse: the image's zeros must cover what the volume held.
        onChain(volume, "write an image over volume " + volume.id(), chain -> qemuImg.writeImage(image.toString(),
                format, chain.path(chain.active()).toString(), chain.format(chain.active()), QemuImg.Fill.THICK));
    }

    @Override
    public void copyVolumeToImage(VolumeSpec volume, Path image, String format) throws DriverException {
        // Sparse: an image file holds no runs of zeros, whatever the volume's provisioning.
        onChain(volume, "copy volume " + volume.id() + " into an image", chain -> qemuImg.convert(
                chain.path(chain.active()).toString(), chain.format(chain.active()), image.toString(), format, true));
    }

    @Override
    public void extendVolume(VolumeSpec volume, int newSizeGb) throws DriverException {
        long bytes = newSizeGb * GIB;
        onChain(volume, "extend volume " + volume.id(), chain -> {
            Path active = chain.path(chain.active());
            if (chain.format(chain.active()).equals(QemuImg.RAW)) {
                if (Files.size(active) < bytes) {
                    grow(active, bytes);
                }
                return;
            }
            if (qemuImg.virtualSize(active, QemuImg.QCOW2) < bytes) {
                qemuImg.resize(active, QemuImg.QCOW2, bytes);
            }
            chain.sizeBytes(bytes);
            chain.save();
        });
    }

    @Override
    public String createSnapshot(SnapshotSpec snapshot) throws DriverException {
        VolumeSpec volume = snapshot.volume();
        onChain(volume, "snapshot volume " + volume.id(), chain -> {
            if (chain.snapshotFile(snapshot.id()).isPresent()) {
                return;
            }
            String overlay = volume.storageName() + "." + snapshot.id();
            Files.deleteIfExists(chain.path(overlay));
            long size = chain.sizeBytes() > 0 ? chain.sizeBytes() : volume.sizeGb() * GIB;
            qemuImg.createOverlay(chain.path(overlay), chain.path(chain.active()), chain.format(chain.active()), size);
            chain.freeze(snapshot.id(), overlay);
            chain.save();
        });
        return null;
    }

    /**
     * Merges the snapshot's frozen file with the file above it: the child's data is committed
     * into the frozen file, which then takes the child's place in the chain. The other
     * snapshots see the same data as before.
     */
    @Override
    public void deleteSnapshot(SnapshotSpec snapshot) throws DriverException {
        VolumeSpec volume = snapshot.volume();
        onChain(volume, "delete snapshot " + snapshot.id(), chain -> {
            String frozen = chain.snapshotFile(snapshot.id()).orElse(null);
            if (frozen == null) {
                return;
            }
            String child = chain.childOf(frozen).orElseThrow(() -> new DriverException("the chain of volume "
                    + volume.id() + " has no overlay above " + frozen));
            qemuImg.commit(chain.path(child));
            Optional<String> grandchild = chain.childOf(child);
            if (grandchild.isPresent()) {
                qemuImg.rebaseUnsafe(chain.path(grandchild.get()), chain.path(frozen), chain.format(frozen));
            }
            chain.merge(snapshot.id(), frozen, child);
            chain.save();
            Files.deleteIfExists(chain.path(child));
        });
    }

    /** Drops what was written since the snapshot: the active overlay is replaced by an empty one over it. */
    @Override
    public void revertToSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        onChain(volume, "revert volume " + volume.id(), chain -> {
            String frozen = chain.snapshotFile(snapshot.id()).orElseThrow(() -> new DriverException("snapshot "
                    + snapshot.id() + " is not on the share"));
            if (!chain.backingOf(chain.active()).map(frozen::equals).orElse(false)) {
                throw new DriverException("snapshot " + snapshot.id() + " is not the latest of volume " + volume.id());
            }
            Path fresh = chain.path(chain.active() + ".revert");
            Files.deleteIfExists(fresh);
            qemuImg.createOverlay(fresh, chain.path(frozen), chain.format(frozen), volume.sizeGb() * GIB);
            Files.move(fresh, chain.path(chain.active()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /** Work on a volume's chain of files. */
    @FunctionalInterface
    private interface ChainWork {
        void apply(SnapshotChain chain) throws IOException, DriverException;
    }

    /** Runs {@code work} on the volume's chain, alone among the operations on that volume. */
    private void onChain(VolumeSpec volume, String what, ChainWork work) throws DriverException {
        synchronized (lock(volume.id())) {
            try {
                work.apply(SnapshotChain.load(share, volume.storageName()));
            } catch (IOException e) {
                throw new DriverException("cannot " + what + ": " + e, e);
            }
        }
    }

    /**
     * Deletes the volume's files. An image-volume cache entry that overlays still use keeps its file,
     * marked deleted, until the last of them is deleted.
     */
    @Override
    public void deleteVolume(VolumeSpec volume) throws DriverException {
        try {
            synchronized (lock(volume.id())) {
                if (hasFiles(volume.storageName() + CLONE_MARK + "*")) {
                    Path deleted = share.resolve(volume.storageName() + DELETED_MARK);
                    if (!Files.exists(deleted)) {
                        Files.createFile(deleted);
                    }
                    LOG.info("Volume {} has overlays on it: its file is kept until the last of them is deleted", volume.id());
                    return;
                }
                deleteFiles(volume.storageName() + "*");
            }
            volumeLocks.remove(volume.id());
            // Whatever cache entry this volume overlaid no longer needs to be kept for it.
            try (DirectoryStream<Path> marks = Files.newDirectoryStream(share, "volume-*" + CLONE_MARK + volume.id())) {
                for (Path mark : marks) {
                    String name = mark.getFileName().toString();
                    releaseOrigin(name.substring("volume-".length(), name.indexOf(CLONE_MARK)), mark);
                }
            }
        } catch (IOException e) {
            throw new DriverException("cannot delete volume " + volume.id() + " from " + share + ": " + e, e);
        }
    }

    /** Forgets an overlay of a cache entry's file, and deletes the file once the entry is deleted and unused. */
    private void releaseOrigin(String originId, Path mark) throws IOException {
        String origin = "volume-" + originId;
        synchronized (lock(originId)) {
            Files.deleteIfExists(mark);
            if (Files.exists(share.resolve(origin + DELETED_MARK)) && !hasFiles(origin + CLONE_MARK + "*")) {
                deleteFiles(origin + "*");
                LOG.info("Volume {}: the last overlay on it is deleted, and so is it", originId);
            }
        }
    }

    /** Whether the share has files matching the glob. */
    private boolean hasFiles(String glob) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(share, glob)) {
            return files.iterator().hasNext();
        }
    }

    /** Deletes the share's files matching the glob: a volume's base, overlays, chain record and partial file. */
    private void deleteFiles(String glob) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(share, glob)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Cinder's {@code nfs} connection info: the export, the file consumers open in it (the
     * active file of the volume's snapshot chain) and its format. Nothing is exported per
     * consumer: every host that mounts the share reaches the volume, so ending a connection
     * has nothing to undo.
     */
    @Override
    public ConnectionInfo initializeConnection(VolumeSpec volume, Map<String, Object> connector) throws DriverException {
        Path base = share.resolve(volume.storageName());
        if (!Files.exists(base)) {
            throw new DriverException("volume file " + base + " does not exist");
        }
        try {
            SnapshotChain chain = SnapshotChain.load(share, volume.storageName());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("export", export);
            data.put("name", chain.active());
            if (mountOptions != null) {
                data.put("options", mountOptions);
            }
            data.put("format", chain.format(chain.active()));
            return new ConnectionInfo("nfs", data);
        } catch (IOException e) {
            throw new DriverException("cannot read the snapshot chain of " + base + ": " + e, e);
        }
    }

    @Override
    public BackendStats getStats() throws DriverException {
        try {
            FileStore store = Files.getFileStore(share);
            long provisioned = 0;
            try (DirectoryStream<Path> volumes = Files.newDirectoryStream(share,
                    file -> BASE_FILE.matcher(file.getFileName().toString()).matches())) {
                for (Path volume : volumes) {
                    provisioned += provisionedBytes(volume);
                }
            }
            return new BackendStats(store.getTotalSpace() / (double) GIB, store.getUsableSpace() / (double) GIB,
                    provisioned / (double) GIB, sparse, reservedPercentage, maxOverSubscriptionRatio, "nfs",
                    "Open Source", VERSION, Map.of("sparse_volumes", sparse, "share", share.toString(),
                            "snapshot_support", true, "revert_to_snapshot_support", true, "multiattach", true));
        } catch (IOException e) {
            throw new DriverException("cannot read the share " + share + ": " + e, e);
        }
    }

    /** A volume's size: its base file's, or the size its chain records after an extend. */
    private long provisionedBytes(Path base) throws IOException {
        try {
            long size = Files.size(base);
            if (Files.exists(base.resolveSibling(base.getFileName() + ".info"))) {
                size = Math.max(size, SnapshotChain.load(share, base.getFileName().toString()).sizeBytes());
            }
            return size;
        } catch (NoSuchFileException deletedMeanwhile) {
            return 0;
        }
    }

    private Object lock(String volumeId) {
        return volumeLocks.computeIfAbsent(volumeId, id -> new Object());
    }

    private static boolean alreadyCreated(Path target, long bytes) throws IOException, DriverException {
        if (!Files.exists(target)) {
            return false;
        }
        if (Files.size(target) == bytes) {
            return true;
        }
        throw new DriverException(target + " exists with " + Files.size(target) + " bytes, not " + bytes);
    }

    private Path partial(VolumeSpec volume) {
        return share.resolve(volume.storageName() + ".part");
    }

    private static void publish(Path partial, Path target) throws IOException {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-rw----"));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Grows a raw file to {@code bytes}: a hole when sparse, written zeros when thick. */
    private void grow(Path file, long bytes) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            long from = raw.length();
            if (sparse) {
                raw.setLength(bytes);
            } else {
                allocate(raw.getChannel(), from, bytes);
            }
        }
    }

    private static void allocate(FileChannel channel, long from, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        long written = from;
        while (written < bytes) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), bytes - written));
            written += channel.write(zeros, written);
        }
        channel.force(false);
    }
}
