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
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's NFS driver on a share mounted at a directory: each volume is a raw file
 * {@code volume-<id>}, sparse unless configured thick. Capacity is the share's filesystem.
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

        @AttributeDefinition(name = "Sparse volumes", description = "Thin provisioning: volume files are allocated as written.")
        boolean sparse_volumes() default true;

        @AttributeDefinition(name = "Reserved percentage", description = "Share of the capacity never given to volumes, 0-100.")
        int reserved_percentage() default 0;

        @AttributeDefinition(name = "Max over-subscription ratio", description = "How far sparse volumes may over-commit the share, at least 1.0.")
        double max_over_subscription_ratio() default 20.0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NfsVolumeDriver.class);
    private static final long GIB = 1L << 30;
    private static final String VERSION = "1.0.0";

    private final Path share;
    private final boolean sparse;
    private final int reservedPercentage;
    private final double maxOverSubscriptionRatio;

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
        this.sparse = config.sparse_volumes();
        this.reservedPercentage = config.reserved_percentage();
        this.maxOverSubscriptionRatio = config.max_over_subscription_ratio();
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
            if (Files.exists(target)) {
                if (Files.size(target) == bytes) {
                    return share.toString();
                }
                throw new DriverException(target + " exists with " + Files.size(target) + " bytes, not " + bytes);
            }
            // Build under a temporary name and rename, so a crash never leaves a short volume file behind.
            Path partial = share.resolve(volume.storageName() + ".part");
            try (RandomAccessFile file = new RandomAccessFile(partial.toFile(), "rw")) {
                if (sparse) {
                    file.setLength(bytes);
                } else {
                    allocate(file.getChannel(), bytes);
                }
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-rw----"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return share.toString();
        } catch (IOException e) {
            throw new DriverException("cannot create " + target + ": " + e, e);
        }
    }

    private static void allocate(FileChannel channel, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        long written = 0;
        while (written < bytes) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), bytes - written));
            written += channel.write(zeros, written);
        }
        channel.force(false);
    }

    @Override
    public void deleteVolume(VolumeSpec volume) throws DriverException {
        Path target = share.resolve(volume.storageName());
        try {
            Files.deleteIfExists(target);
            Files.deleteIfExists(share.resolve(volume.storageName() + ".part"));
        } catch (IOException e) {
            throw new DriverException("cannot delete " + target + ": " + e, e);
        }
    }

    @Override
    public BackendStats getStats() throws DriverException {
        try {
            FileStore store = Files.getFileStore(share);
            long provisioned = 0;
            try (DirectoryStream<Path> volumes = Files.newDirectoryStream(share, "volume-*")) {
                for (Path volume : volumes) {
                    try {
                        provisioned += Files.size(volume);
                    } catch (NoSuchFileException deletedMeanwhile) {
                        // Deleted while we listed: it no longer counts.
                    }
                }
            }
            return new BackendStats(store.getTotalSpace() / (double) GIB, store.getUsableSpace() / (double) GIB,
                    provisioned / (double) GIB, sparse, reservedPercentage, maxOverSubscriptionRatio, "nfs",
                    "Open Source", VERSION, Map.of("sparse_volumes", sparse, "share", share.toString()));
        } catch (IOException e) {
            throw new DriverException("cannot read the share " + share + ": " + e, e);
        }
    }
}
