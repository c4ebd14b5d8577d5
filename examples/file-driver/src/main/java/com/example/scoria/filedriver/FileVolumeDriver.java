package com.example.scoria.filedriver;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.BundleContext;
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

/**
 * The smallest useful driver: each volume is a sparse file in a directory. One backend per
 * factory configuration {@code com.example.scoria.filedriver-<name>.cfg}; its
 * {@code scoria.backend.name} becomes the backend's name, because configuration properties
 * become the service's properties. Operations this driver does not offer (snapshots, copies)
 * are refused by the SPI's defaults with a clear error.
 */
@Component(service = VolumeDriver.class, configurationPid = FileVolumeDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = VolumeDriver.DRIVER_NAME + "=example-file")
@Designate(ocd = FileVolumeDriver.Config.class, factory = true)
public class FileVolumeDriver implements VolumeDriver {

    static final String PID = "com.example.scoria.filedriver";
    private static final long GIB = 1024L * 1024 * 1024;

    @ObjectClassDefinition(name = "Example file driver backend")
    public @interface Config {
        @AttributeDefinition(name = "Directory", description = "Where the volumes' files are kept.")
        String directory();
    }

    private final Path directory;
    private final String version;

    @Activate
    public FileVolumeDriver(BundleContext context, Config config) throws IOException {
        this.directory = Files.createDirectories(Path.of(config.directory()));
        // Reported as the driver's version: an operator sees which release serves the backend.
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public String createVolume(VolumeSpec volume) throws DriverException {
        // Idempotent, as the SPI requires: a second call after a crash finds the file and sizes it again.
        resize(file(volume), volume.sizeGb());
        return directory.toString();
    }

    @Override
    public void extendVolume(VolumeSpec volume, int newSizeGb) throws DriverException {
        resize(file(volume), newSizeGb);
    }

    @Override
    public void deleteVolume(VolumeSpec volume) throws DriverException {
        try {
            Files.deleteIfExists(file(volume));
        } catch (IOException e) {
            throw new DriverException("cannot delete " + file(volume) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BackendStats getStats() throws DriverException {
        try {
            FileStore store = Files.getFileStore(directory);
            return new BackendStats(store.getTotalSpace() / (double) GIB, store.getUsableSpace() / (double) GIB, 0,
                    true, 0, 10.0, "file", "Example Corp", version, Map.of());
        } catch (IOException e) {
            throw new DriverException("cannot read the capacity of " + directory + ": " + e.getMessage(), e);
        }
    }

    private Path file(VolumeSpec volume) {
        return directory.resolve(volume.storageName());
    }

    private static void resize(Path file, int sizeGb) throws DriverException {
        try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "rw")) {
            data.setLength(sizeGb * GIB);
        } catch (IOException e) {
            throw new DriverException("cannot size " + file + " to " + sizeGb + " GiB: " + e.getMessage(), e);
        }
    }
}
