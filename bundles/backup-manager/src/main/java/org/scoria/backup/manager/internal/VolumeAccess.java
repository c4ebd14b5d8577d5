package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.command.CreateBackupDevice;
import org.scoria.messaging.command.ExportCall;
import org.scoria.messaging.command.ExportCallSender;
import org.scoria.messaging.command.InitializeConnection;
import org.scoria.messaging.command.TerminateConnection;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.Volume;
import org.scoria.spi.backup.ObjectStoreException;
import org.scoria.spi.connector.BlockDevice;
import org.scoria.spi.connector.VolumeConnector;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the backup manager reaches a volume's data: as a compute host does, through the connection
 * info the volume manager serving the volume's backend answers to an export call, and the
 * connector installed for that kind. It never reads a driver's storage layout itself. Every
 * export it starts, it ends, whatever happened.
 */
final class VolumeAccess {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeAccess.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Work on a connected device. */
    interface DeviceWork<T> {
        T run(BlockDevice device) throws IOException, ObjectStoreException, InterruptedException;
    }

    private final ExportCallSender exports;
    private final BackupStore backups;
    private final Duration callTimeout;
    /** The connector sent with every export call: this host does not change while the manager lives. */
    private final String connector;
    private final Map<String, GuardedVolumeConnector> connectors = new ConcurrentHashMap<>();

    VolumeAccess(ExportCallSender exports, BackupStore backups, String host, Duration callTimeout) {
        this.exports = exports;
        this.backups = backups;
        this.callTimeout = callTimeout;
        this.connector = connector(host);
    }

    void addConnector(String protocol, GuardedVolumeConnector added) {
        connectors.put(protocol, added);
    }

    /** Removes the connector for that protocol if it is this one (a replacement may have come first). */
    void removeConnector(String protocol, VolumeConnector removed) {
        connectors.computeIfPresent(protocol, (key, bound) -> bound.wraps(removed) ? null : bound);
    }

    /** Exports the volume to this host, connects, runs the work, and always disconnects and ends the export. */
    <T> T withVolume(String requestId, Volume volume, boolean writable, DeviceWork<T> work)
            throws IOException, ObjectStoreException, DriverException, InterruptedException {
        return withDevice(volume, volume.sizeGb(), writable,
                new InitializeConnection(volume.id(), requestId, connector, deadline(), "rw"),
                location -> new TerminateConnection(volume.id(), requestId, connector, deadline()), work);
    }

    /**
     * Reaches what the backup reads: the volume itself when the backup holds it, otherwise (an
     * in-use volume, a snapshot) a temporary copy its volume manager makes, and always removes.
     */
    <T> T withBackupDevice(String requestId, Volume volume, Backup backup, DeviceWork<T> work)
            throws IOException, ObjectStoreException, DriverException, InterruptedException {
        if (backups.holdsVolume(backup.id())) {
            return withVolume(requestId, volume, false, work);
        }
        CreateBackupDevice make = new CreateBackupDevice(volume.id(), requestId, connector, deadline(), backup.id(),
                backup.snapshotId());
        return withDevice(volume, backup.sizeGb(), false, make, location -> make.removal(location, deadline()), work);
    }

    /**
     * Opens a connection with the call {@code open}, connects, runs the work, and always
     * disconnects and ends the connection with the call {@code close} makes of the
     * {@code provider_location} the open answered, if any.
     */
    private <T> T withDevice(Volume volume, int sizeGb, boolean writable, ExportCall open,
            Function<String, ExportCall> close, DeviceWork<T> work)
            throws IOException, ObjectStoreException, DriverException, InterruptedException {
        String location = null;
        try {
            ConnectionInfo info = connectionInfo(call(volume, open));
            Object answered = info.data().get(CreateBackupDevice.PROVIDER_LOCATION);
            location = answered == null ? null : String.valueOf(answered);
            VolumeConnector device = connectors.get(info.driverVolumeType());
            if (device == null) {
                throw new DriverException("no connector for " + info.driverVolumeType() + " volumes is installed");
            }
            try (BlockDevice connected = device.connect(info, sizeGb * (1L << 30), writable)) {
                return work.run(connected);
            }
        } finally {
            ExportCall ending = close.apply(location);
            try {
                // Also after a failed or timed-out open: the volume manager may have made what is to be ended.
                call(volume, ending);
            } catch (RuntimeException e) {
                LOG.warn("[{}] Could not end the backup's connection to volume {} ({}): {}", open.requestId(),
                        volume.id(), ending.toCommand().type(), e.getMessage());
            }
        }
    }

    private Map<String, Object> call(Volume volume, ExportCall call) {
        if (volume.host() == null) {
            throw new CallFailedException(CallFailedException.INVALID, "volume " + volume.id() + " is on no backend");
        }
        return exports.call(volume.backendHost(), call, callTimeout);
    }

    private Instant deadline() {
        return ExportCall.deadlineIn(callTimeout);
    }

    @SuppressWarnings("unchecked")
    private static ConnectionInfo connectionInfo(Map<String, Object> answer) {
        return new ConnectionInfo(String.valueOf(answer.get("driver_volume_type")),
                (Map<String, Object>) answer.get("data"));
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
}
