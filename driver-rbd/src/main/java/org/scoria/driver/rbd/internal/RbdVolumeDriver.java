package org.scoria.driver.rbd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.qemu.QemuImg;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.ImageSpec;
import org.scoria.spi.volume.ResourceBusyException;
import org.scoria.spi.volume.SnapshotSpec;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * Cinder's RBD driver on librbd and librados, called through JNA: each volume is an image
 * {@code volume-<id>} in the backend's pool, each snapshot an RBD snapshot {@code snapshot-<id>}
 * of it, protected so that volumes can be cloned from it copy-on-write.
 * <p>
 * A clone of a volume is made, as Cinder makes it, from a snapshot {@code volume-<new id>.clone_snap}
 * of the source. A clone is flattened (its parent's data copied in) when the chain of parents
 * would grow past {@code rbd.max.clone.depth}, or for volumes from snapshots when
 * {@code rbd.flatten.volume.from.snapshot} says so; the temporary snapshot of a flattened clone
 * is removed. Deleting a volume whose internal clone snapshots still have clones is lazy, as in
 * Cinder: the image is renamed {@code volume-<id>.deleted} and removed when its last clone goes,
 * because to the user the volumes are independent. A user's snapshot with clones is not deleted:
 * the delete is refused ({@link ResourceBusyException}).
 */
@Component(service = VolumeDriver.class, configurationPid = RbdVolumeDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = VolumeDriver.DRIVER_NAME + "=rbd")
@Designate(ocd = RbdVolumeDriver.Config.class, factory = true)
public class RbdVolumeDriver implements VolumeDriver {

    static final String PID = "org.scoria.driver.rbd";

    @ObjectClassDefinition(name = "Scoria Ceph RBD backend", description = "One backend: a pool of a Ceph cluster.")
    public @interface Config {
        @AttributeDefinition(name = "Backend name", description = "Unique on this host; Cinder's volume_backend_name.")
        String scoria_backend_name();

        @AttributeDefinition(name = "Availability zone")
        String scoria_backend_availability_zone() default "nova";

        @AttributeDefinition(name = "Pool", description = "The RADOS pool holding the volumes (Cinder's rbd_pool).")
        String rbd_pool() default "rbd";

        @AttributeDefinition(name = "ceph.conf", description = "The cluster's configuration file (rbd_ceph_conf).")
        String rbd_ceph_conf() default "/etc/ceph/ceph.conf";

        @AttributeDefinition(name = "Cluster name", description = "rbd_cluster_name.")
        String rbd_cluster_name() default "ceph";

        @AttributeDefinition(name = "Client", description = "The client id without 'client.' (rbd_user).")
        String rbd_user() default "admin";

        @AttributeDefinition(name = "Keyring", description = "The client's keyring file; empty for the one ceph.conf names. "
                + "Also sent to consumers with the connection info, as Cinder's rbd_keyring_conf.")
        String rbd_keyring_conf() default "";

        @AttributeDefinition(name = "Secret UUID", description = "The libvirt secret holding the client's key on compute hosts (rbd_secret_uuid).")
        String rbd_secret_uuid() default "";

        @AttributeDefinition(name = "Flatten volumes from snapshots",
                description = "Copy a snapshot's data into a volume created from it, so it does not depend on the snapshot.")
        boolean rbd_flatten_volume_from_snapshot() default false;

        @AttributeDefinition(name = "Max clone depth", description = "How long a chain of clones may grow before a new clone "
                + "is flattened; 0 flattens every clone.")
        int rbd_max_clone_depth() default 5;

        @AttributeDefinition(name = "Object size (MiB)", description = "The size of the RADOS objects images are striped over, a power of 2 up to 32 (rbd_store_chunk_size).")
        int rbd_store_chunk_size() default 4;

        @AttributeDefinition(name = "Exclusive pool", description = "The pool holds only this backend's volumes: the provisioned "
                + "capacity is what the platform allocated, without reading every image's size (rbd_exclusive_cinder_pool).")
        boolean rbd_exclusive_cinder_pool() default true;

        @AttributeDefinition(name = "Connect timeout (s)", description = "How long to wait for the monitors when connecting.")
        int rados_connect_timeout() default 10;

        @AttributeDefinition(name = "Operation timeout (s)", description = "How long one monitor or OSD operation may take.")
        int rados_operation_timeout() default 30;

        @AttributeDefinition(name = "Connections", description = "How many connections to the cluster the backend keeps.")
        int rados_connection_pool_size() default 4;

        @AttributeDefinition(name = "Reserved percentage", description = "Share of the capacity never given to volumes, 0-100.")
        int reserved_percentage() default 0;

        @AttributeDefinition(name = "Max over-subscription ratio", description = "How far thin volumes may over-commit the pool, at least 1.0.")
        double max_over_subscription_ratio() default 20.0;

        @AttributeDefinition(name = "qemu-img command", description = "The qemu-img, with its rbd protocol (Debian's "
                + "qemu-block-extra), that writes images onto volumes and copies volumes into images.")
        String qemu_img_command() default "qemu-img";

        @AttributeDefinition(name = "qemu-img timeout (s)",
                description = "The longest one qemu-img run may take; the volume manager's driver call timeout also bounds it.")
        int qemu_img_timeout_seconds() default 3600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RbdVolumeDriver.class);
    private static final long GIB = 1L << 30;
    private static final String VERSION = "1.0.0";
    private static final String CLONE_SNAPSHOT_SUFFIX = ".clone_snap";
    private static final String DELETED_SUFFIX = ".deleted";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LibRbd rbd;
    private final ClusterSettings settings;
    private final RadosConnectionPool connections;
    private final String pool;
    private final boolean flattenFromSnapshot;
    private final int maxCloneDepth;
    private final int order;
    private final boolean exclusivePool;
    private final int reservedPercentage;
    private final double maxOverSubscriptionRatio;
    private final String secretUuid;
    private final QemuImg qemuImg;
    /** Operations on one image are serialised; a fixed set of locks, as images come, go and are renamed. */
    private final Object[] imageLocks = new Object[64];

    @Activate
    public RbdVolumeDriver(Config config) {
        require(config.reserved_percentage() >= 0 && config.reserved_percentage() <= 100,
                "reserved.percentage must be within 0..100, was " + config.reserved_percentage());
        require(config.max_over_subscription_ratio() >= 1.0,
                "max.over.subscription.ratio must be at least 1.0, was " + config.max_over_subscription_ratio());
        require(config.rbd_max_clone_depth() >= 0, "rbd.max.clone.depth must be at least 0, was " + config.rbd_max_clone_depth());
        // librbd takes objects of 4 KiB to 32 MiB.
        require(config.rbd_store_chunk_size() > 0 && config.rbd_store_chunk_size() <= 32
                && Integer.bitCount(config.rbd_store_chunk_size()) == 1,
                "rbd.store.chunk.size must be a power of 2 from 1 to 32 (MiB), was " + config.rbd_store_chunk_size());
        require(config.rados_connect_timeout() > 0 && config.rados_operation_timeout() > 0,
                "rados.connect.timeout and rados.operation.timeout must be positive");
        require(config.rados_connection_pool_size() > 0, "rados.connection.pool.size must be positive");
        require(Files.isReadable(Path.of(config.rbd_ceph_conf())), "rbd.ceph.conf " + config.rbd_ceph_conf() + " cannot be read");
        CephLibraries libraries = CephLibraries.load();
        rbd = libraries.rbd();
        pool = config.rbd_pool();
        settings = new ClusterSettings(config.rbd_ceph_conf(), config.rbd_cluster_name(), config.rbd_user(),
                config.rbd_keyring_conf(), pool, config.rados_connect_timeout(), config.rados_operation_timeout());
        connections = new RadosConnectionPool(libraries.rados(), settings, config.rados_connection_pool_size());
        flattenFromSnapshot = config.rbd_flatten_volume_from_snapshot();
        maxCloneDepth = config.rbd_max_clone_depth();
        order = Integer.numberOfTrailingZeros(config.rbd_store_chunk_size()) + 20;
        exclusivePool = config.rbd_exclusive_cinder_pool();
        reservedPercentage = config.reserved_percentage();
        maxOverSubscriptionRatio = config.max_over_subscription_ratio();
        secretUuid = config.rbd_secret_uuid();
        qemuImg = new QemuImg(config.qemu_img_command(), config.qemu_img_timeout_seconds());
        Arrays.setAll(imageLocks, i -> new Object());
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        IntByReference extra = new IntByReference();
        rbd.rbd_version(major, minor, extra);
        // No connection yet: an unreachable cluster makes the backend report down, not the driver fail to start.
        LOG.info("RBD backend {} on pool {} of cluster {} ({}) as client.{}, librbd {}.{}.{}", config.scoria_backend_name(),
                pool, config.rbd_cluster_name(), config.rbd_ceph_conf(), config.rbd_user(), major.getValue(),
                minor.getValue(), extra.getValue());
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    @Deactivate
    public void stop() {
        connections.close();
    }

    @Override
    public String createVolume(VolumeSpec volume) throws DriverException {
        long bytes = bytes(volume.sizeGb());
        return connections.call(connection -> {
            String image = volume.storageName();
            int rc = rbd.rbd_create2(connection.ioctx(), image, bytes, LibRbd.DEFAULT_FEATURES, new IntByReference(order));
            if (rc == -CephErrno.EEXIST) {
                // A redelivered create: done if the image has the size asked for.
                try (RbdImage existing = open(connection, image)) {
                    if (existing.size() != bytes) {
                        throw new DriverException(existing.name() + " exists with " + existing.size() + " bytes, not " + bytes);
                    }
                }
            } else {
                CephErrno.check(rc, "rbd_create2 " + pool + "/" + image);
            }
            return null;
        });
    }

    @Override
    public void deleteVolume(VolumeSpec volume) throws DriverException {
        connections.call(connection -> {
            String image = volume.storageName();
            String hidden = image + DELETED_SUFFIX;
            Optional<RbdImage.Parent> parent;
            boolean keptForClones = false;
            synchronized (lock(image)) {
                RbdImage opened = openIfExists(connection, image).orElse(null);
                if (opened == null) {
                    return null;
                }
                try (opened) {
                    parent = opened.parent();
                    for (String snapshot : opened.snapshots()) {
                        if (opened.removeSnapshotUnlessCloned(snapshot)) {
                            continue;
                        }
                        if (!snapshot.endsWith(CLONE_SNAPSHOT_SUFFIX)) {
                            throw new ResourceBusyException("volume " + volume.id() + " has snapshot " + snapshot
                                    + " with volumes cloned from it; delete or flatten them first");
                        }
                        keptForClones = true;
                    }
                }
                if (keptForClones) {
                    CephErrno.check(rbd.rbd_rename(connection.ioctx(), image, hidden),
                            "rbd_rename " + pool + "/" + image + " to " + hidden);
                    LOG.info("Volume {} has clones in {}: kept as {}/{} until the last of them is deleted", volume.id(),
                            pool, pool, hidden);
                } else {
                    remove(connection, image);
                }
            }
            if (keptForClones) {
                // A clone deleted while this volume was being hidden found it under its old name and
                // left it alone: look at the hidden image again.
                try {
                    releaseParent(connection, hidden, removeIfNoClones(connection, hidden));
                } catch (DriverException e) {
                    LOG.warn("Could not check whether {}/{} still has clones: {}", pool, hidden, e.getMessage());
                }
            } else {
                releaseParent(connection, image, parent);
            }
            return null;
        });
    }

    /**
     * Removes the snapshots of an image hidden as {@code .deleted} that no clone depends on, and
     * the image once none is left.
     *
     * @return the removed image's parent, to release in turn; empty when it was kept or had none
     */
    private Optional<RbdImage.Parent> removeIfNoClones(RadosConnection connection, String hidden) throws DriverException {
        synchronized (lock(hidden)) {
            RbdImage opened = openIfExists(connection, hidden).orElse(null);
            if (opened == null) {
                return Optional.empty();
            }
            Optional<RbdImage.Parent> parent;
            try (opened) {
                for (String snapshot : opened.snapshots()) {
                    opened.removeSnapshotUnlessCloned(snapshot);
                }
                if (!opened.snapshots().isEmpty()) {
                    return Optional.empty();
                }
                parent = opened.parent();
            }
            remove(connection, hidden);
            LOG.info("Removed {}/{}: its last clone is gone", pool, hidden);
            return parent;
        }
    }

    /**
     * What a removed image held of its parent: the snapshot made for it when it was cloned from a
     * volume ({@code <image>.clone_snap}), and a parent hidden as {@code .deleted} once its last
     * clone is gone, up the chain. Best effort: the image is gone whatever happens here, and what
     * is left is named in the log.
     */
    private void releaseParent(RadosConnection connection, String image, Optional<RbdImage.Parent> parent) {
        String child = image;
        RbdImage.Parent current = parent.orElse(null);
        try {
            while (current != null && current.pool().equals(pool)) {
                // A hidden child keeps the name its clone snapshot was made for.
                if (current.snapshot().equals(child.replace(DELETED_SUFFIX, "") + CLONE_SNAPSHOT_SUFFIX)) {
                    synchronized (lock(current.image())) {
                        RbdImage opened = openIfExists(connection, current.image()).orElse(null);
                        if (opened == null) {
                            return;
                        }
                        try (opened) {
                            opened.removeSnapshotUnlessCloned(current.snapshot());
                        }
                    }
                }
                if (!current.image().endsWith(DELETED_SUFFIX)) {
                    return;
                }
                child = current.image();
                current = removeIfNoClones(connection, current.image()).orElse(null);
            }
        } catch (DriverException e) {
            LOG.warn("Image {}/{} is deleted, but what it held of its parent {} is left: {}", pool, image, current, e.getMessage());
        }
    }

    private void remove(RadosConnection connection, String image) throws DriverException {
        int rc = rbd.rbd_remove(connection.ioctx(), image);
        if (rc == -CephErrno.EBUSY) {
            throw new ResourceBusyException("image " + pool + "/" + image + " is open by a client (it has watchers); "
                    + "detach it first");
        }
        if (rc != -CephErrno.ENOENT) {
            CephErrno.check(rc, "rbd_remove " + pool + "/" + image);
        }
    }

    @Override
    public void extendVolume(VolumeSpec volume, int newSizeGb) throws DriverException {
        connections.call(connection -> {
            try (RbdImage image = open(connection, volume.storageName())) {
                image.growTo(bytes(newSizeGb));
            }
            return null;
        });
    }

    @Override
    public String createSnapshot(SnapshotSpec snapshot) throws DriverException {
        return connections.call(connection -> {
            String image = snapshot.volume().storageName();
            synchronized (lock(image)) {
                try (RbdImage opened = open(connection, image)) {
                    opened.createSnapshot(snapshot.storageName());
                    // Cinder's RBD driver protects at once: volumes can then be cloned from it.
                    opened.protect(snapshot.storageName());
                }
            }
            return null;
        });
    }

    @Override
    public void deleteSnapshot(SnapshotSpec snapshot) throws DriverException {
        connections.call(connection -> {
            String image = snapshot.volume().storageName();
            synchronized (lock(image)) {
                RbdImage opened = openIfExists(connection, image).orElse(null);
                if (opened == null) {
                    return null;
                }
                try (opened) {
                    if (!opened.removeSnapshotUnlessCloned(snapshot.storageName())) {
                        throw new ResourceBusyException("snapshot " + snapshot.id() + " has volumes created from it "
                                + "that still depend on it; delete them first or set rbd.flatten.volume.from.snapshot");
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void revertToSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        connections.call(connection -> {
            synchronized (lock(volume.storageName())) {
                try (RbdImage image = open(connection, volume.storageName())) {
                    if (!image.hasSnapshot(snapshot.storageName())) {
                        throw new DriverException("snapshot " + snapshot.id() + " is not on " + image.name());
                    }
                    image.rollback(snapshot.storageName());
                    // The rollback restores the snapshot's size; the volume keeps its own, as Cinder keeps it.
                    image.growTo(bytes(volume.sizeGb()));
                }
            }
            return null;
        });
    }

    @Override
    public String createVolumeFromSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        return connections.call(connection -> {
            clone(connection, snapshot.volume().storageName(), snapshot.storageName(), volume, flattenFromSnapshot);
            return null;
        });
    }

    @Override
    public String cloneVolume(VolumeSpec volume, VolumeSpec source) throws DriverException {
        return connections.call(connection -> {
            String sourceImage = source.storageName();
            String snapshot = volume.storageName() + CLONE_SNAPSHOT_SUFFIX;
            synchronized (lock(sourceImage)) {
                try (RbdImage opened = open(connection, sourceImage)) {
                    opened.createSnapshot(snapshot);
                    opened.protect(snapshot);
                }
            }
            if (clone(connection, sourceImage, snapshot, volume, false)) {
                // A flattened clone no longer needs the snapshot it was made from.
                synchronized (lock(sourceImage)) {
                    try (RbdImage opened = open(connection, sourceImage)) {
                        opened.removeSnapshotUnlessCloned(snapshot);
                    }
                }
            }
            return null;
        });
    }

    /**
     * Makes {@code volume} a copy-on-write clone of {@code parent@snapshot}, flattened when asked or
     * when the chain of parents would be longer than {@code rbd.max.clone.depth}, and grown to the
     * volume's size.
     *
     * @return whether the clone was flattened
     */
    private boolean clone(RadosConnection connection, String parent, String snapshot, VolumeSpec volume, boolean flatten)
            throws DriverException {
        String child = volume.storageName();
        int depth = cloneDepth(connection, parent) + 1;
        // The snapshot is protected: createSnapshot and cloneVolume protect what they take.
        synchronized (lock(parent)) {
            rbdClone(connection, connection.ioctx(), new RbdLocation(null, pool, parent, snapshot), child);
        }
        boolean flattened = flatten || depth > maxCloneDepth;
        try (RbdImage image = open(connection, child)) {
            if (flattened && image.parent().isPresent()) {
                long started = System.nanoTime();
                image.flatten();
                LOG.info("Flattened {} ({} of clone depth {}, limit {}) in {} ms", image.name(),
                        flatten ? "asked" : "because", depth, maxCloneDepth, (System.nanoTime() - started) / 1_000_000);
            }
            image.growTo(bytes(volume.sizeGb()));
        }
        return flattened;
    }

    /** Clones {@code parent} (a protected snapshot) into the backend's pool; one that exists is a redelivered request's. */
    private void rbdClone(RadosConnection connection, Pointer parentIoctx, RbdLocation parent, String child)
            throws CephException {
        int rc = rbd.rbd_clone(parentIoctx, parent.image(), parent.snapshot(), connection.ioctx(), child,
                LibRbd.DEFAULT_FEATURES, new IntByReference(order));
        // EEXIST: the steps after it finish what the first request began.
        if (rc != -CephErrno.EEXIST) {
            CephErrno.check(rc, "rbd_clone " + parent + " to " + pool + "/" + child);
        }
    }

    /**
     * Cinder's clone_image for Glance's RBD store: an image of this cluster, declared raw, that
     * the backend's client can read becomes the volume's copy-on-write parent; the volume is then
     * grown to its size. Any other image is copied.
     */
    @Override
    public boolean cloneImage(VolumeSpec volume, ImageSpec image) throws DriverException {
        if (!QemuImg.RAW.equals(image.diskFormat()) || image.sizeBytes() > bytes(volume.sizeGb())) {
            return false;
        }
        List<RbdLocation> candidates = image.locations().stream().map(RbdLocation::parse).flatMap(Optional::stream)
                .toList();
        if (candidates.isEmpty()) {
            return false;
        }
        return connections.call(connection -> {
            String fsid = connection.fsid();
            for (RbdLocation location : candidates) {
                if (!location.fsid().equals(fsid)) {
                    LOG.info("Image {} is in another cluster ({}): copied into volume {}", image.id(), location.fsid(),
                            volume.id());
                    continue;
                }
                try {
                    long started = System.nanoTime();
                    connection.inPool(location.pool(), parentIoctx -> {
                        rbdClone(connection, parentIoctx, location, volume.storageName());
                        return null;
                    });
                    try (RbdImage clone = open(connection, volume.storageName())) {
                        clone.growTo(bytes(volume.sizeGb()));
                    }
                    LOG.info("Volume {} cloned from image {} ({}) in {} ms", volume.id(), image.id(), location,
                            (System.nanoTime() - started) / 1_000_000);
                    return true;
                } catch (CephException e) {
                    if (e.errno() != CephErrno.ENOENT && e.errno() != CephErrno.EPERM && e.errno() != CephErrno.EACCES) {
                        throw e;
                    }
                    // Cinder's test of a location: one this client cannot open is copied instead.
                    LOG.info("Image {} at {} cannot be cloned by client.{} ({}): copied into volume {}", image.id(),
                            location, settings.user(), e.getMessage(), volume.id());
                }
            }
            return false;
        });
    }

    /** How many parents the image has, following clones within the pool. */
    private int cloneDepth(RadosConnection connection, String image) throws DriverException {
        int depth = 0;
        String current = image;
        while (current != null) {
            Optional<RbdImage.Parent> parent;
            try (RbdImage opened = openReadOnly(connection, current)) {
                parent = opened.parent();
            }
            if (parent.isEmpty()) {
                break;
            }
            depth++;
            current = parent.get().pool().equals(pool) ? parent.get().image() : null;
        }
        return depth;
    }

    /** qemu-img converts the image straight into the new image through librbd: its zeros are not written. */
    @Override
    public void copyImageToVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        qemuImg.writeImage(image.toString(), format, qemuTarget(volume), QemuImg.RAW, QemuImg.Fill.ZEROED_TARGET);
    }

    /** The image's runs of zeros are written as zeroed ranges (discards), so nothing the volume held shows through. */
    @Override
    public void reimageVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        qemuImg.writeImage(image.toString(), format, qemuTarget(volume), QemuImg.RAW, QemuImg.Fill.SPARSE);
    }

    @Override
    public void copyVolumeToImage(VolumeSpec volume, Path image, String format) throws DriverException {
        qemuImg.convert(qemuTarget(volume), QemuImg.RAW, image.toString(), format, true);
    }

    /**
     * The volume as qemu-img's rbd protocol names it, with the backend's own client, cluster
     * configuration and keyring; colons and backslashes in the values are escaped, as qemu-img
     * parses the name at colons.
     */
    private String qemuTarget(VolumeSpec volume) {
        StringBuilder target = new StringBuilder("rbd:").append(qemuEscape(pool)).append('/')
                .append(qemuEscape(volume.storageName())).append(":id=").append(qemuEscape(settings.user()))
                .append(":conf=").append(qemuEscape(settings.confPath()));
        if (!settings.keyring().isEmpty()) {
            target.append(":keyring=").append(qemuEscape(settings.keyring()));
        }
        return target.toString();
    }

    private static String qemuEscape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public BackendStats getStats() throws DriverException {
        return connections.call(connection -> {
            JsonNode poolStats = poolStats(json(connection.monCommand("{\"prefix\": \"df\", \"format\": \"json\"}")));
            // "stored" is what the pool's clients wrote, net of replication as max_avail is; "bytes_used" counts every replica.
            long used = poolStats.path("stored").asLong(poolStats.path("bytes_used").asLong());
            long available = poolStats.path("max_avail").asLong();
            long quota = json(connection.monCommand("{\"prefix\": \"osd pool get-quota\", \"pool\": " + JSON.valueToTree(pool)
                    + ", \"format\": \"json\"}")).path("quota_max_bytes").asLong();
            // Cinder's arithmetic: a quota caps the pool; otherwise what is used plus what can still be written.
            double total = quota > 0 ? quota : used + available;
            double free = quota > 0 ? Math.max(0, Math.min(quota - used, available)) : available;
            double provisioned = exclusivePool ? 0 : provisionedBytes(connection);
            Map<String, Object> capabilities = new LinkedHashMap<>();
            capabilities.put("location_info", "ceph:" + connection.fsid() + ":" + settings.clusterName() + ":"
                    + settings.user() + ":" + pool);
            capabilities.put("rbd_pool", pool);
            capabilities.put("multiattach", true);
            capabilities.put("snapshot_support", true);
            capabilities.put("revert_to_snapshot_support", true);
            capabilities.put("rbd_exclusive_cinder_pool", exclusivePool);
            return new BackendStats(total / GIB, free / GIB, provisioned / GIB, true, reservedPercentage,
                    maxOverSubscriptionRatio, "ceph", "Open Source", VERSION, capabilities);
        });
    }

    private JsonNode poolStats(JsonNode df) throws DriverException {
        for (JsonNode entry : df.path("pools")) {
            if (pool.equals(entry.path("name").asText())) {
                return entry.path("stats");
            }
        }
        throw new DriverException("pool " + pool + " is not in the cluster's df report (does it exist?)");
    }

    /** The sum of the sizes of every image in the pool, for a pool shared with others. */
    private long provisionedBytes(RadosConnection connection) throws DriverException {
        long total = 0;
        for (String image : imageNames(connection)) {
            try (RbdImage existing = openReadOnly(connection, image)) {
                total += existing.size();
            } catch (CephException e) {
                if (e.errno() != CephErrno.ENOENT) {
                    throw e;
                }
                // Deleted since the listing.
            }
        }
        return total;
    }

    private List<String> imageNames(RadosConnection connection) throws CephException {
        LongByReference size = new LongByReference(4096);
        while (true) {
            byte[] names = new byte[(int) size.getValue()];
            int rc = rbd.rbd_list(connection.ioctx(), names, size);
            if (rc == -CephErrno.ERANGE) {
                continue;
            }
            CephErrno.check(rc, "rbd_list " + pool);
            List<String> images = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < rc && i < names.length; i++) {
                if (names[i] == 0) {
                    if (i > start) {
                        images.add(new String(names, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return images;
        }
    }

    /**
     * Cinder's RBD connection info: the image as {@code pool/name}, the monitors' addresses, and how
     * the consumer authenticates (its libvirt secret, or the keyring itself when one is configured).
     */
    @Override
    public ConnectionInfo initializeConnection(VolumeSpec volume, Map<String, Object> connector) throws DriverException {
        return connections.call(connection -> {
            // Opened only to refuse a volume that is not there.
            openReadOnly(connection, volume.storageName()).close();
            List<String> hosts = new ArrayList<>();
            List<String> ports = new ArrayList<>();
            for (JsonNode monitor : json(connection.monCommand("{\"prefix\": \"mon dump\", \"format\": \"json\"}")).path("mons")) {
                // "addr" is the monitor's v1 address, "127.0.0.1:6789/0": what every librbd client can reach.
                String address = monitor.path("addr").asText().replaceFirst("/\\d+$", "");
                int colon = address.lastIndexOf(':');
                if (colon > 0) {
                    hosts.add(address.substring(0, colon).replace("[", "").replace("]", ""));
                    ports.add(address.substring(colon + 1));
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", pool + "/" + volume.storageName());
            data.put("hosts", hosts);
            data.put("ports", ports);
            data.put("cluster_name", settings.clusterName());
            data.put("auth_enabled", true);
            data.put("auth_username", settings.user());
            data.put("secret_type", "ceph");
            data.put("secret_uuid", secretUuid.isEmpty() ? null : secretUuid);
            data.put("volume_id", volume.id());
            data.put("discard", true);
            if (!settings.keyring().isEmpty()) {
                data.put("keyring", keyring());
            }
            return new ConnectionInfo("rbd", data);
        });
    }

    private String keyring() throws DriverException {
        try {
            return Files.readString(Path.of(settings.keyring()));
        } catch (IOException e) {
            throw new DriverException("cannot read the keyring " + settings.keyring() + ": " + e, e);
        }
    }

    private RbdImage open(RadosConnection connection, String image) throws CephException {
        return RbdImage.open(rbd, connection.ioctx(), pool, image);
    }

    private RbdImage openReadOnly(RadosConnection connection, String image) throws CephException {
        return RbdImage.openReadOnly(rbd, connection.ioctx(), pool, image);
    }

    private Optional<RbdImage> openIfExists(RadosConnection connection, String image) throws CephException {
        try {
            return Optional.of(open(connection, image));
        } catch (CephException e) {
            if (e.errno() == CephErrno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static JsonNode json(String text) throws DriverException {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new DriverException("the cluster answered with what is not JSON: " + text, e);
        }
    }

    private Object lock(String image) {
        return imageLocks[Math.floorMod(image.hashCode(), imageLocks.length)];
    }

    private static long bytes(int gib) {
        return gib * GIB;
    }
}
