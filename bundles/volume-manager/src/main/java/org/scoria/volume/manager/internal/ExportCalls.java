package org.scoria.volume.manager.internal;

import static org.scoria.volume.manager.internal.DriverCaller.snapshotSpec;
import static org.scoria.volume.manager.internal.DriverCaller.spec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.command.CommandHandlers;
import org.scoria.messaging.command.CreateBackupDevice;
import org.scoria.messaging.command.ExportCall;
import org.scoria.messaging.command.InitializeConnection;
import org.scoria.messaging.command.RemoveBackupDevice;
import org.scoria.messaging.command.TerminateConnection;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeDriver;
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

    private final String backendHost;
    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final DriverCaller caller;
    private final long callTimeoutMillis;
    private final CommandHandlers<ExportCall, Export, Object> handlers = CommandHandlers
            .<ExportCall, Export, Object>of(ExportCall.class, ExportCall::read)
            .answer(InitializeConnection.class, this::initialize)
            .answer(TerminateConnection.class, this::terminate)
            .answer(CreateBackupDevice.class, this::createBackupDevice)
            .answer(RemoveBackupDevice.class, this::removeBackupDevice)
            .complete();

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
    Object answer(DriverBinding current, ExportCall call) throws Exception {
        Volume volume = store.find(call.volumeId()).filter(found -> backendHost.equals(found.backendHost()))
                .orElseThrow(() -> new CallFailedException(CallFailedException.INVALID, "Volume " + call.volumeId()
                        + " is not on backend " + backendHost));
        long timeoutMillis = call.deadline() == null ? callTimeoutMillis
                : Math.min(callTimeoutMillis, call.deadline().toEpochMilli() - System.currentTimeMillis());
        if (timeoutMillis <= 0) {
            throw new CallFailedException(CallFailedException.ERROR, "The caller stopped waiting for " + call.type()
                    + " of volume " + volume.id() + " before backend " + backendHost + " took it");
        }
        try {
            return handlers.handle(call, new Export(current, volume, ConnectorJson.read(call.connector()), timeoutMillis));
        } catch (DriverException e) {
            LOG.error("[{}] Volume {}: {} failed on {}: {}", call.requestId(), volume.id(), call.type(), backendHost,
                    e.getMessage());
            throw new CallFailedException(CallFailedException.ERROR, "Driver " + current.driverName() + " on "
                    + backendHost + " could not " + call.work() + " volume " + volume.id() + ": " + e.getMessage());
        }
    }

    /** What a call is answered with: the driver, the volume, the consumer's connector, the time the caller waits. */
    private record Export(DriverBinding current, Volume volume, Map<String, Object> connector, long timeoutMillis) {
        VolumeDriver driver() {
            return current.driver();
        }

        String consumer() {
            return String.valueOf(connector.getOrDefault("host", "a consumer"));
        }
    }

    private Object initialize(InitializeConnection call, Export at) throws DriverException {
        Volume volume = at.volume();
        // Within the caller's time: an export nobody waits for any more is not made.
        ConnectionInfo info = caller.call(at.current(), "export volume " + volume.id(), at.timeoutMillis(),
                () -> at.driver().initializeConnection(spec(volume), at.connector()));
        LOG.info("[{}] Volume {} exported to {} on {}", call.requestId(), volume.id(), at.consumer(), backendHost);
        return connectionInfo(info, volume, call.mode(), at.connector());
    }

    private Object terminate(TerminateConnection call, Export at) throws DriverException {
        Volume volume = at.volume();
        caller.call(at.current(), "end the export of volume " + volume.id(), at.timeoutMillis(), () -> {
            at.driver().terminateConnection(spec(volume), at.connector());
            return null;
        });
        LOG.info("[{}] Volume {} no longer exported to {} on {}", call.requestId(), volume.id(), at.consumer(),
                backendHost);
        return Map.of();
    }

    private Object createBackupDevice(CreateBackupDevice call, Export at) throws DriverException {
        Volume volume = at.volume();
        String snapshotId = call.snapshotId();
        Snapshot snapshot = snapshotId == null ? null : snapshots.find(snapshotId)
                .filter(found -> found.volumeId().equals(volume.id()))
                .orElseThrow(() -> new CallFailedException(CallFailedException.INVALID, "Snapshot "
                        + snapshotId + " of volume " + volume.id() + " is gone"));
        VolumeSpec device = backupDevice(call.backupId(), snapshot == null ? volume.sizeGb() : snapshot.volumeSizeGb(),
                null);
        ConnectionInfo info = caller.call(at.current(), "make the backup device of volume " + volume.id(),
                at.timeoutMillis(), () -> {
                    // What a crashed attempt left goes first: a redelivered backup starts over.
                    at.driver().deleteVolume(device);
                    String location = snapshot == null ? at.driver().cloneVolume(device, spec(volume))
                            : at.driver().createVolumeFromSnapshot(device, snapshotSpec(snapshot, volume));
                    VolumeSpec made = new VolumeSpec(device.id(), device.sizeGb(), location);
                    ConnectionInfo exported = at.driver().initializeConnection(made, at.connector());
                    Map<String, Object> data = new LinkedHashMap<>(exported.data());
                    data.put(CreateBackupDevice.PROVIDER_LOCATION, location);
                    return new ConnectionInfo(exported.driverVolumeType(), data);
                });
        LOG.info("[{}] Backup device {} made from {} {} and exported to {} on {}", call.requestId(),
                device.storageName(), snapshot == null ? "volume" : "snapshot",
                snapshot == null ? volume.id() : snapshot.id(), at.consumer(), backendHost);
        return connectionInfo(info, volume, Attachment.READ_ONLY, at.connector());
    }

    private Object removeBackupDevice(RemoveBackupDevice call, Export at) throws DriverException {
        Volume volume = at.volume();
        VolumeSpec device = backupDevice(call.backupId(), volume.sizeGb(), call.providerLocation());
        caller.call(at.current(), "remove the backup device of volume " + volume.id(), at.timeoutMillis(), () -> {
            try {
                at.driver().terminateConnection(device, at.connector());
            } finally {
                at.driver().deleteVolume(device);
            }
            return null;
        });
        LOG.info("[{}] Backup device {} of volume {} removed on {}", call.requestId(), device.storageName(),
                volume.id(), backendHost);
        return Map.of();
    }

    /** The temporary volume a backup of an in-use volume or of a snapshot reads: named for the backup. */
    private static VolumeSpec backupDevice(String backupId, int sizeGb, String providerLocation) {
        if (backupId.isBlank()) {
            throw new CallFailedException(CallFailedException.INVALID, "the call names no backup");
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
