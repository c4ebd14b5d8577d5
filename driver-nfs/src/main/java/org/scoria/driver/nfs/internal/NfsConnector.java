package org.scoria.driver.nfs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.connector.BlockDevice;
import org.scoria.spi.connector.VolumeConnector;
import org.scoria.spi.qemu.QemuImg;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches an {@code nfs} volume as a compute host would: the file {@code name} in the mounted
 * {@code export}. A raw file is read and written in place. A qcow2 file (the volume has
 * snapshots) is staged: read through a raw copy qemu-img makes of what the guest sees, and
 * written through a raw copy that qemu-img writes back into the qcow2 file on close.
 */
@Component(service = VolumeConnector.class, configurationPid = NfsConnector.PID,
        property = VolumeConnector.PROTOCOL + "=nfs")
@Designate(ocd = NfsConnector.Config.class)
public class NfsConnector implements VolumeConnector {

    static final String PID = "org.scoria.connector.nfs";

    @ObjectClassDefinition(name = "Scoria NFS connector", description = "How Scoria itself reads and writes NFS volumes (backups).")
    public @interface Config {
        @AttributeDefinition(name = "Staging directory", description = "Where qcow2 volumes are staged as raw copies;"
                + " empty for the JVM's temporary directory. Needs room for the largest such volume.")
        String staging_directory() default "";

        @AttributeDefinition(name = "qemu-img command")
        String qemu_img_command() default "qemu-img";

        @AttributeDefinition(name = "qemu-img timeout (s)")
        int qemu_img_timeout_seconds() default 3600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NfsConnector.class);

    private final Path staging;
    private final QemuImg qemuImg;

    @Activate
    public NfsConnector(Config config) {
        this.staging = Path.of(config.staging_directory().isBlank() ? System.getProperty("java.io.tmpdir")
                : config.staging_directory());
        this.qemuImg = new QemuImg(config.qemu_img_command(), config.qemu_img_timeout_seconds());
    }

    @Override
    public BlockDevice connect(ConnectionInfo info, long sizeBytes, boolean writable) throws DriverException {
        Map<String, Object> data = info.data();
        Object export = data.get("export");
        Object name = data.get("name");
        if (!(export instanceof String share) || !(name instanceof String fileName)) {
            throw new DriverException("nfs connection info without export and name: " + data);
        }
        Path directory = Path.of(share);
        if (!directory.isAbsolute() || !Files.isDirectory(directory)) {
            throw new DriverException("the export " + share + " is not mounted on this host");
        }
        Path file = directory.resolve(fileName).normalize();
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            throw new DriverException("the volume file " + fileName + " is not in the export " + share);
        }
        String format = String.valueOf(data.getOrDefault("format", QemuImg.RAW));
        try {
            if (QemuImg.RAW.equals(format)) {
                return new FileDevice(file, sizeBytes, writable, null, false);
            }
            Files.createDirectories(staging);
            Path copy = Files.createTempFile(staging, "scoria-stage-", ".raw");
            try {
                qemuImg.convertToRaw(file, format, copy, true);
                LOG.info("Staged {} volume {} as {} for {}", format, file, copy, writable ? "writing" : "reading");
                return new FileDevice(copy, sizeBytes, writable, () -> qemuImg.writeInto(copy, file, format), true);
            } catch (DriverException | IOException | RuntimeException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
        } catch (IOException e) {
            throw new DriverException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private interface WriteBack {
        void run() throws DriverException;
    }

    /**
     * A file read and written at offsets; positional file I/O lets several threads share it. A
     * staged copy is written back (when it was written) and removed on close.
     */
    private static final class FileDevice implements BlockDevice {

        private final Path file;
        private final FileChannel channel;
        private final long size;
        private final WriteBack writeBack;
        private final boolean staged;
        private volatile boolean written;

        FileDevice(Path file, long size, boolean writable, WriteBack writeBack, boolean staged) throws IOException {
            this.file = file;
            this.channel = writable ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(file, StandardOpenOption.READ);
            this.size = size;
            this.writeBack = writeBack;
            this.staged = staged;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void read(long offset, ByteBuffer into) throws IOException {
            long position = offset;
            while (into.hasRemaining()) {
                int read = channel.read(into, position);
                if (read < 0) {
                    // A sparse file shorter than the volume reads as zeros past its end.
                    while (into.hasRemaining()) {
                        into.put((byte) 0);
                    }
                    return;
                }
                position += read;
            }
        }

        @Override
        public void write(long offset, ByteBuffer from) throws IOException {
            long position = offset;
            while (from.hasRemaining()) {
                position += channel.write(from, position);
            }
            written = true;
        }

        @Override
        public void flush() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            try {
                try {
                    if (written) {
                        channel.force(false);
                    }
                } finally {
                    channel.close();
                }
                if (written && writeBack != null) {
                    writeBack.run();
                }
            } catch (DriverException e) {
                throw new IOException(e.getMessage(), e);
            } finally {
                if (staged) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
