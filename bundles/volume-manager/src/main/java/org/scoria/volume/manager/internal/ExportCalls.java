package org.scoria.volume.manager.internal;

import static org.scoria.volume.manager.internal.DriverCaller.snapshotSpec;
import static org.scoria.volume.manager.internal.DriverCaller.spec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.Command;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's synchronous calls, answered while the caller waits: export a volume to a consumer
 * or end that export, and make or remove the temporary volume a backup reads. Each within the
 * caller's deadline, so that nothing is exported that nobody waits for any more.
 */
final class ExportCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ExportCalls.class);

    /** What each call does, as its failure names it. */
    private static final Map<String, String> CALL_WORK = Map.of(Command.INITIALIZE_CONNECTION, "export",
            Command.TERMINATE_CONNECTION, "end the export of", Command.CREATE_BACKUP_DEVICE, "make a backup device of",
            Command.REMOVE_BACKUP_DEVICE, "remove the backup device of");

    private final String backendHost;
    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final DriverCaller caller;
    private final long callTimeoutMillis;

    ExportCalls(String backendHost, VolumeStore store, SnapshotStore snapshots, DriverCaller caller,
            long callTimeoutMillis) {
        this.backendHost = backendHost;
        this.store = store;
        this.snapshots = snapshots;
        this.caller = caller;
        this.callTimeoutMillis = callTimeoutMillis;
    }

    /**
     * Answers a synchronous call: export the volume to a consumer's connector, or end that export.
     * The connection info is the driver's, with what Cinder's volume manager adds to it.
     */
    Object answer(DriverBinding current, Command command) throws CallFailedException {
        Volume volume = store.find(command.resourceId()).filter(found -> backendHost.equals(found.backendHost()))
                .orElseThrow(() -> new CallFailedException(CallFailedException.INVALID, "Volume " + command.resourceId()
                        + " is not on backend " + backendHost));
        Map<String, Object> connector = ConnectorJson.read(command.arguments().get(Command.CONNECTOR));
        String deadline = command.arguments().get(Command.DEADLINE);
        long timeoutMillis = deadline == null ? callTimeoutMillis
                : Math.min(callTimeoutMillis, Long.parseLong(deadline) - System.currentTimeMillis());
        if (timeoutMillis <= 0) {
            throw new CallFailedException(CallFailedException.ERROR, "The caller stopped waiting for " + command.type()
                    + " of volume " + volume.id() + " before backend " + backendHost + " took it");
        }
        try {
            return switch (command.type()) {
                case Command.INITIALIZE_CONNECTION -> {
                    // Within the caller's time: an export nobody waits for any more is not made.
                    ConnectionInfo info = caller.call(current, "export volume " + volume.id(), timeoutMillis,
                            () -> current.driver().initializeConnection(spec(volume), connector));
                    LOG.info("[{}] Volume {} exported to {} on {}", command.requestId(), volume.id(),
                            connector.getOrDefault("host", "a consumer"), backendHost);
                    yield connectionInfo(info, volume, command.arguments().get(Command.ATTACH_MODE), connector);
                }
                case Command.TERMINATE_CONNECTION -> {
                    caller.call(current, "end the export of volume " + volume.id(), timeoutMillis, () -> {
                        current.driver().terminateConnection(spec(volume), connector);
                        return null;
                    });
                    LOG.info("[{}] Volume {} no longer exported to {} on {}", command.requestId(), volume.id(),
                            connector.getOrDefault("host", "a consumer"), backendHost);
                    yield Map.of();
                }
                case Command.CREATE_BACKUP_DEVICE -> {
                    String snapshotId = command.arguments().get(Command.SNAPSHOT_ID);
                    Snapshot snapshot = snapshotId == null ? null : snapshots.find(snapshotId)
                            .filter(found -> found.volumeId().equals(volume.id()))
                            .orElseThrow(() -> new CallFailedException(CallFailedException.INVALID, "Snapshot "
                                    + snapshotId + " of volume " + volume.id() + " is gone"));
                    VolumeSpec device = backupDevice(command, snapshot == null ? volume.sizeGb()
                            : snapshot.volumeSizeGb(), null);
                    ConnectionInfo info = caller.call(current, "make the backup device of volume " + volume.id(),
                            timeoutMillis, () -> {
                                // What a crashed attempt left goes first: a redelivered backup starts over.
                                current.driver().deleteVolume(device);
                                String location = snapshot == null ? current.driver().cloneVolume(device, spec(volume))
                                        : current.driver().createVolumeFromSnapshot(device, snapshotSpec(snapshot, volume));
                                VolumeSpec made = new VolumeSpec(device.id(), device.sizeGb(), location);
                                ConnectionInfo exported = current.driver().initializeConnection(made, connector);
                                Map<String, Object> data = new LinkedHashMap<>(exported.data());
                                data.put(Command.PROVIDER_LOCATION, location);
                                return new ConnectionInfo(exported.driverVolumeType(), data);
                            });
                    LOG.info("[{}] Backup device {} made from {} {} and exported to {} on {}", command.requestId(),
                            device.storageName(), snapshot == null ? "volume" : "snapshot",
                            snapshot == null ? volume.id() : snapshot.id(), connector.getOrDefault("host", "a consumer"),
                            backendHost);
                    yield connectionInfo(info, volume, Attachment.READ_ONLY, connector);
                }
                case Command.REMOVE_BACKUP_DEVICE -> {
                    VolumeSpec device = backupDevice(command, volume.sizeGb(),
                            command.arguments().get(Command.PROVIDER_LOCATION));
                    caller.call(current, "remove the backup device of volume " + volume.id(), timeoutMillis, () -> {
                        try {
                            current.driver().terminateConnection(device, connector);
                        } finally {
                            current.driver().deleteVolume(device);
                        }
                        return null;
                    });
                    LOG.info("[{}] Backup device {} of volume {} removed on {}", command.requestId(), device.storageName(),
                            volume.id(), backendHost);
                    yield Map.of();
                }
                default -> throw new CallFailedException(CallFailedException.INVALID, "Backend " + backendHost
                        + " has no call " + command.type());
            };
        } catch (DriverException e) {
            LOG.error("[{}] Volume {}: {} failed on {}: {}", command.requestId(), volume.id(), command.type(), backendHost,
                    e.getMessage());
            throw new CallFailedException(CallFailedException.ERROR, "Driver " + current.driverName() + " on "
                    + backendHost + " could not " + CALL_WORK.get(command.type()) + " volume " + volume.id() + ": "
                    + e.getMessage());
        }
    }

    /** The temporary volume a backup of an in-use volume or of a snapshot reads: named for the backup. */
    private static VolumeSpec backupDevice(Command command, int sizeGb, String providerLocation) {
        String backupId = command.arguments().get(Command.BACKUP_ID);
        if (backupId == null || backupId.isBlank()) {
            throw new CallFailedException(CallFailedException.INVALID, command.type() + " names no backup");
        }
        return new VolumeSpec("backup-" + backupId, sizeGb, providerLocation);
    }

    /**
     * Cinder's connection info, {@code {driver_volume_type, data}}: the driver's data with the
     * access mode, encryption and front-end QoS its volume manager adds, and the connector's
     * multipath demand.
     */
    private static Map<String, Object> connectionInfo(ConnectionInfo info, Volume volume, String mode,
            Map<String, Object> connector) {
        Map<String, Object> data = new LinkedHashMap<>(info.data());
        boolean readOnly = Attachment.READ_ONLY.equals(mode) || Boolean.TRUE.equals(volume.readOnly());
        data.put("access_mode", readOnly ? Attachment.READ_ONLY : Attachment.READ_WRITE);
        data.putIfAbsent("encrypted", false);
        data.putIfAbsent("qos_specs", null);
        data.putIfAbsent("cacheable", false);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("driver_volume_type", info.driverVolumeType());
        connection.put("data", data);
        connection.put("enforce_multipath", Boolean.TRUE.equals(connector.get("enforce_multipath")));
        return connection;
    }
}
