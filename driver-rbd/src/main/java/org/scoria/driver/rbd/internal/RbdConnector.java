package org.scoria.driver.rbd.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.connector.BlockDevice;
import org.scoria.spi.connector.VolumeConnector;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;

/**
 * Reaches an {@code rbd} volume from its connection info alone, as os-brick does on a host
 * without libvirt: the monitors, user and keyring the info carries make a client configuration
 * of its own (in a private temporary directory, removed on close), and librbd reads and writes
 * the image named {@code pool/image}.
 */
@Component(service = VolumeConnector.class, configurationPid = RbdConnector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = VolumeConnector.PROTOCOL + "=rbd")
@Designate(ocd = RbdConnector.Config.class)
public class RbdConnector implements VolumeConnector {

    static final String PID = "org.scoria.connector.rbd";

    @ObjectClassDefinition(name = "Scoria RBD connector", description = "How the backup manager reaches RBD volumes.")
    public @interface Config {
        @AttributeDefinition(name = "Connect timeout (s)", description = "How long to wait for the monitors.")
        int rados_connect_timeout() default 10;

        @AttributeDefinition(name = "Operation timeout (s)", description = "How long one read or write may take.")
        int rados_operation_timeout() default 60;
    }

    private final CephLibraries libraries;
    private final int connectTimeout;
    private final int operationTimeout;

    @Activate
    public RbdConnector(Config config) {
        if (config.rados_connect_timeout() <= 0 || config.rados_operation_timeout() <= 0) {
            throw new IllegalArgumentException("rados.connect.timeout and rados.operation.timeout must be positive");
        }
        this.libraries = CephLibraries.load();
        this.connectTimeout = config.rados_connect_timeout();
        this.operationTimeout = config.rados_operation_timeout();
    }

    @Override
    public BlockDevice connect(ConnectionInfo info, long sizeBytes, boolean writable) throws DriverException {
        Map<String, Object> data = info.data();
        String name = text(data, "name");
        int slash = name == null ? -1 : name.indexOf('/');
        if (slash < 1 || slash == name.length() - 1) {
            throw new DriverException("rbd connection info names no pool/image: " + name);
        }
        String user = text(data, "auth_username");
        if (user == null) {
            throw new DriverException("rbd connection info for " + name + " has no auth_username");
        }
        Path directory = null;
        RadosConnection connection = null;
        RbdImage opened = null;
        try {
            directory = Files.createTempDirectory("scoria-rbd-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path conf = Files.writeString(directory.resolve("ceph.conf"), "[global]\nmon_host = " + monitors(data, name)
                    + "\n");
            String keyring = "";
            if (text(data, "keyring") != null) {
                keyring = Files.writeString(directory.resolve("keyring"), text(data, "keyring")).toString();
            }
            String cluster = text(data, "cluster_name") == null ? "ceph" : text(data, "cluster_name");
            connection = RadosConnection.open(libraries.rados(), new ClusterSettings(conf.toString(), cluster, user,
                    keyring, name.substring(0, slash), connectTimeout, operationTimeout));
            String pool = name.substring(0, slash);
            String image = name.substring(slash + 1);
            opened = writable ? RbdImage.open(libraries.rbd(), connection.ioctx(), pool, image)
                    : RbdImage.openReadOnly(libraries.rbd(), connection.ioctx(), pool, image);
            return new RbdDevice(opened, writable, connection, directory);
        } catch (IOException e) {
            close(opened, connection, directory);
            throw new DriverException("cannot write the client configuration for " + name + ": " + e, e);
        } catch (DriverException | RuntimeException e) {
            close(opened, connection, directory);
            throw e;
        }
    }

    /** {@code mon_host} from the info's hosts and ports: {@code host:port,host:port}, IPv6 hosts bracketed. */
    private static String monitors(Map<String, Object> data, String name) throws DriverException {
        if (!(data.get("hosts") instanceof List<?> hosts) || !(data.get("ports") instanceof List<?> ports)
                || hosts.isEmpty() || hosts.size() != ports.size()) {
            throw new DriverException("rbd connection info for " + name + " lists no monitors (hosts and ports)");
        }
        List<String> monitors = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = String.valueOf(hosts.get(i));
            monitors.add((host.contains(":") ? "[" + host + "]" : host) + ":" + ports.get(i));
        }
        return String.join(",", monitors);
    }

    private static String text(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
    }

    /** Closes what was opened, in reverse order, and removes the client configuration. */
    private static void close(RbdImage image, RadosConnection connection, Path directory) {
        if (image != null) {
            image.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // Only a private temporary directory is left behind.
            }
        }
    }

    /** An open image; librbd allows reads at different offsets from several threads at once. */
    private static final class RbdDevice implements BlockDevice {

        private final RbdImage image;
        private final boolean writable;
        private final RadosConnection connection;
        private final Path directory;
        private final long size;

        RbdDevice(RbdImage image, boolean writable, RadosConnection connection, Path directory) throws CephException {
            this.image = image;
            this.writable = writable;
            this.connection = connection;
            this.directory = directory;
            this.size = image.size();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void read(long offset, ByteBuffer into) throws IOException {
            byte[] whole = wholeArray(into);
            byte[] bytes = whole != null ? whole : new byte[into.remaining()];
            try {
                image.read(offset, bytes);
            } catch (CephException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (whole != null) {
                into.position(into.limit());
            } else {
                into.put(bytes);
            }
        }

        @Override
        public void write(long offset, ByteBuffer from) throws IOException {
            byte[] whole = wholeArray(from);
            byte[] bytes = whole != null ? whole : new byte[from.remaining()];
            if (whole == null) {
                from.get(bytes);
            }
            try {
                image.write(offset, bytes);
            } catch (CephException e) {
                throw new IOException(e.getMessage(), e);
            }
            from.position(from.limit());
        }

        /** The buffer's own array when it is exactly its remaining bytes (the backup manager's are): no copy needed. */
        private static byte[] wholeArray(ByteBuffer buffer) {
            return buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                    && buffer.remaining() == buffer.array().length ? buffer.array() : null;
        }

        @Override
        public void flush() throws IOException {
            try {
                image.flush();
            } catch (CephException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (writable) {
                    image.flush();
                }
            } catch (CephException e) {
                throw new IOException(e.getMessage(), e);
            } finally {
                RbdConnector.close(image, connection, directory);
            }
        }
    }
}
