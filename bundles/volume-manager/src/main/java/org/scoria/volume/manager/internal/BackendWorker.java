package org.scoria.volume.manager.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.scoria.guard.VendorCallException;
import org.scoria.guard.VendorGuard;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.Subscription;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.fault.FaultPoints;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.ResourceBusyException;
import org.scoria.spi.volume.SnapshotSpec;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend on this host: its queue's subscription and the driver currently serving it. The
 * driver is swapped at runtime; while none is attached the subscription is paused and the
 * backend's requests wait in the broker.
 */
final class BackendWorker {

    private static final Logger LOG = LoggerFactory.getLogger(BackendWorker.class);

    /** What each call does, as its failure names it. */
    private static final Map<String, String> CALL_WORK = Map.of(Command.INITIALIZE_CONNECTION, "export",
            Command.TERMINATE_CONNECTION, "end the export of", Command.CREATE_BACKUP_DEVICE, "make a backup device of",
            Command.REMOVE_BACKUP_DEVICE, "remove the backup device of");

    /**
     * Who serves the backend, as operators see it.
     *
     * @param configuredCapabilities capabilities from the backend's configuration rather than its driver's stats
     */
    record DriverBinding(VolumeDriver driver, String driverName, String availabilityZone, long bundleId,
            String bundle, String bundleVersion, Map<String, Object> configuredCapabilities) {
    }

    private final String backendName;
    private final String backendHost;
    /** The node this worker runs on; other nodes may serve the same backend. */
    private final String node;
    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final CommandJournal journal;
    private final VendorGuard guard;
    private final long callTimeoutMillis;
    private final long statsTimeoutMillis;
    private final AtomicBoolean reporting = new AtomicBoolean();
    private final AtomicBoolean reportAgain = new AtomicBoolean();
    /** When the stats call still running started, or 0. */
    private final AtomicLong statsRunningSince = new AtomicLong();
    private final long absenceGraceMillis;
    private final Runnable capacityChanged;
    private volatile DriverBinding binding;
    private volatile DriverBinding lastBinding;
    private volatile long absentSinceMillis;
    /** Why the driver is known not to come back soon (uninstalled, unconfigured, failed to start); null while it may. */
    private volatile String goneReason;
    private volatile BackendStats lastStats;
    private Subscription subscription;
    private Subscription calls;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    BackendWorker(String backendName, String backendHost, String node, VolumeStore store, SnapshotStore snapshots,
            CommandJournal journal, VendorGuard guard,
            long callTimeoutMillis, long statsTimeoutMillis, long absenceGraceMillis, Runnable capacityChanged) {
        this.backendName = backendName;
        this.backendHost = backendHost;
        this.node = node;
        this.store = store;
        this.snapshots = snapshots;
        this.journal = journal;
        this.guard = guard;
        this.callTimeoutMillis = callTimeoutMillis;
        this.statsTimeoutMillis = statsTimeoutMillis;
        this.absenceGraceMillis = absenceGraceMillis;
        this.capacityChanged = capacityChanged;
    }

    String backendHost() {
        return backendHost;
    }

    boolean isServed() {
        return binding != null;
    }

    synchronized boolean hasSubscription() {
        return subscription != null;
    }

    /** Starts taking the backend's commands and its calls. */
    synchronized void start(Subscription newSubscription, Subscription newCalls) {
        subscription = newSubscription;
        calls = newCalls;
    }

    /** A driver arrived: take requests again. */
    synchronized void attach(DriverBinding newBinding) {
        binding = newBinding;
        lastBinding = newBinding;
        goneReason = null;
        if (subscription != null) {
            subscription.resume();
            calls.resume();
        }
        LOG.info("Backend {} served by driver {} from {} {}", backendHost, newBinding.driverName(),
                newBinding.bundle(), newBinding.bundleVersion());
    }

    /**
     * The driver is leaving (bundle update, stop or uninstall, or its configuration removed).
     * Called while its service is still usable: pausing waits for the requests it is handling to
     * finish, and those not taken yet stay in the broker for the next driver.
     *
     * @param gone why it will not be back soon, so that the backend is down at once; {@code null}
     *             when it may be (an update), so that it is paused for the grace period
     */
    void detach(VolumeDriver leaving, String gone) {
        Subscription toPause;
        Subscription callsToPause;
        synchronized (this) {
            if (binding == null || binding.driver() != leaving) {
                return;
            }
            toPause = subscription;
            callsToPause = calls;
        }
        LOG.info("Backend {} pauses its queue: driver {} is leaving; requests in hand finish first", backendHost,
                lastBinding.driverName());
        // Outside the lock: in-flight handlers must not be blocked from finishing.
        if (toPause != null) {
            // Calls not taken meanwhile expire in the broker: their callers get no answer in time.
            callsToPause.pause();
            toPause.pause();
        }
        synchronized (this) {
            if (binding != null && binding.driver() == leaving) {
                // absentSince first: report() reads binding, then absentSince (both volatile).
                absentSinceMillis = System.currentTimeMillis();
                goneReason = gone;
                binding = null;
            }
        }
        LOG.warn("Backend {} lost its driver {}; its requests wait in the broker until a driver serves it again",
                backendHost, lastBinding.driverName());
    }

    /** The driver's bundle is gone (uninstalled): the backend is down now rather than after the grace period. */
    synchronized void driverGone(long bundleId, String reason) {
        if (binding == null && lastBinding != null && lastBinding.bundleId() == bundleId) {
            goneReason = reason;
        }
    }

    /**
     * A driver for this backend failed to start: the backend is down with its failure, unless
     * another driver serves it.
     *
     * @param failed who failed, without a driver
     */
    synchronized void driverFailed(DriverBinding failed, String failure) {
        if (binding == null) {
            lastBinding = failed;
            goneReason = "the driver " + failed.driverName() + " from " + failed.bundle() + " " + failed.bundleVersion()
                    + " failed to start: " + failure;
        }
    }

    synchronized void close() {
        if (subscription != null) {
            calls.close();
            subscription.close();
            subscription = null;
        }
    }

    /**
     * Answers a synchronous call: export the volume to a consumer's connector, or end that export.
     * The connection info is the driver's, with what Cinder's volume manager adds to it.
     */
    Object answer(Command command) throws Exception {
        DriverBinding current = binding;
        if (current == null) {
            throw new CallFailedException(CallFailedException.ERROR, "Backend " + backendHost + " has no driver right now");
        }
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
                    ConnectionInfo info = callDriver(current, "export volume " + volume.id(), timeoutMillis,
                            () -> current.driver().initializeConnection(spec(volume), connector));
                    LOG.info("[{}] Volume {} exported to {} on {}", command.requestId(), volume.id(),
                            connector.getOrDefault("host", "a consumer"), backendHost);
                    yield connectionInfo(info, volume, command.arguments().get(Command.ATTACH_MODE), connector);
                }
                case Command.TERMINATE_CONNECTION -> {
                    callDriver(current, "end the export of volume " + volume.id(), timeoutMillis, () -> {
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
                    ConnectionInfo info = callDriver(current, "make the backup device of volume " + volume.id(),
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
                    callDriver(current, "remove the backup device of volume " + volume.id(), timeoutMillis, () -> {
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

    void handle(Command command, Outbox outbox) throws Exception {
        DriverBinding current = binding;
        if (current == null) {
            // Raced with a detach: give the message back to the broker for the next driver.
            throw new IllegalStateException("Backend " + backendHost + " has no driver right now");
        }
        // A second command for a resource being driven (a resend the broker could not recognise)
        // goes back to the broker: after the first one finishes, its guarded step finds nothing to do.
        if (!inFlight.add(command.resourceId())) {
            throw new IllegalStateException("Backend " + backendHost + " is already handling " + command.resourceId());
        }
        try {
            dispatch(current, command, outbox);
        } finally {
            inFlight.remove(command.resourceId());
        }
    }

    private void dispatch(DriverBinding current, Command command, Outbox outbox) {
        VolumeDriver driver = current.driver();
        switch (command.type()) {
            case Command.CREATE_VOLUME -> step(current, command, VolumeStatus.CREATING, VolumeStatus.AVAILABLE,
                    "create the volume", volume -> VolumeChange.providerLocation(createVolume(driver, volume)),
                    (volume, failure) -> rescheduleOrFail(volume, command, outbox, failure));
            case Command.DELETE_VOLUME -> step(current, command, VolumeStatus.DELETING, VolumeStatus.DELETED,
                    "delete the volume", volume -> {
                        // A cascaded delete: the snapshots marked with the volume go first.
                        for (Snapshot snapshot : snapshots.ofVolume(volume.id())) {
                            if (snapshot.status() == SnapshotStatus.DELETING) {
                                driver.deleteSnapshot(snapshotSpec(snapshot, volume));
                                snapshots.transition(snapshot.id(), SnapshotStatus.DELETING, SnapshotStatus.DELETED, null, null);
                            }
                        }
                        driver.deleteVolume(spec(volume));
                        return VolumeChange.NONE;
                    }, this::failDelete);
            case Command.REVERT_TO_SNAPSHOT -> step(current, command, VolumeStatus.REVERTING, VolumeStatus.AVAILABLE,
                    VolumeStatus.ERROR, "revert the volume to snapshot " + command.arguments().get(Command.SNAPSHOT_ID),
                    volume -> {
                        driver.revertToSnapshot(spec(volume), snapshotSpec(existingSnapshot(
                                command.arguments().get(Command.SNAPSHOT_ID)), volume));
                        return VolumeChange.NONE;
                    });
            case Command.CREATE_SNAPSHOT -> snapshotStep(current, command, SnapshotStatus.CREATING, SnapshotStatus.AVAILABLE,
                    SnapshotStatus.ERROR, "create the snapshot", driver::createSnapshot);
            case Command.DELETE_SNAPSHOT -> snapshotStep(current, command, SnapshotStatus.DELETING, SnapshotStatus.DELETED,
                    SnapshotStatus.ERROR_DELETING, "delete the snapshot", spec -> {
                        driver.deleteSnapshot(spec);
                        return null;
                    });
            case Command.EXTEND_VOLUME -> {
                int newSize = Integer.parseInt(command.arguments().get(Command.NEW_SIZE));
                step(current, command, VolumeStatus.EXTENDING, VolumeStatus.AVAILABLE, VolumeStatus.ERROR_EXTENDING,
                        "extend the volume to " + newSize + " GiB", volume -> {
                            driver.extendVolume(spec(volume), newSize);
                            return VolumeChange.size(newSize);
                        });
            }
            default -> LOG.warn("[{}] Backend {} ignored unknown command {} for {}", command.requestId(), backendHost,
                    command.type(), command.resourceId());
        }
    }

    /** Why a driver call failed; {@code busy} when the driver refused because others depend on the resource. */
    private record Failure(String reason, boolean busy) {
    }

    /** What a step asks of the driver; returns the fields to record with the step's final status. */
    @FunctionalInterface
    private interface DriverWork {
        VolumeChange apply(Volume volume) throws DriverException;
    }

    /**
     * One driver step on a volume of this backend. It runs only while the volume is in
     * {@code during}, so a redelivered or outdated command does nothing, and it always ends the
     * volume in {@code done} or, with a reason naming the driver, in {@code failed}.
     */
    private void step(DriverBinding current, Command command, VolumeStatus during, VolumeStatus done,
            VolumeStatus failed, String action, DriverWork work) {
        step(current, command, during, done, action, work,
                (volume, failure) -> store.transition(volume.id(), during, failed, VolumeChange.reason(failure.reason())));
    }

    /** As above, with what to do of a driver failure, e.g. a reschedule. */
    private void step(DriverBinding current, Command command, VolumeStatus during, VolumeStatus done, String action,
            DriverWork work, BiConsumer<Volume, Failure> failure) {
        Volume volume = store.find(command.resourceId()).orElse(null);
        if (volume == null || volume.status() != during || !backendHost.equals(volume.backendHost())) {
            LOG.debug("[{}] {} of {} already handled", command.requestId(), command.type(), command.resourceId());
            return;
        }
        drive(current, command, "Volume " + volume.id() + " (" + volume.sizeGb() + " GiB)", action,
                () -> work.apply(volume), change -> store.transition(volume.id(), during, done, change),
                outcome -> failure.accept(volume, outcome));
    }

    /**
     * A failed delete leaves the volume in {@code error_deleting}, and with it the snapshots a
     * cascade marked and did not get to: {@code deleting} would keep them from any new delete. A
     * delete the driver refused because others depend on the volume or a snapshot changed nothing:
     * they are all {@code available} again, as in Cinder.
     */
    private void failDelete(Volume volume, Failure failure) {
        VolumeStatus volumeTo = failure.busy() ? VolumeStatus.AVAILABLE : VolumeStatus.ERROR_DELETING;
        SnapshotStatus snapshotTo = failure.busy() ? SnapshotStatus.AVAILABLE : SnapshotStatus.ERROR_DELETING;
        store.transition(volume.id(), VolumeStatus.DELETING, volumeTo, VolumeChange.reason(failure.reason()));
        for (Snapshot snapshot : snapshots.ofVolume(volume.id())) {
            if (snapshot.status() == SnapshotStatus.DELETING) {
                snapshots.transition(snapshot.id(), SnapshotStatus.DELETING, snapshotTo,
                        "The delete of volume " + volume.id() + " failed: " + failure.reason(), null);
            }
        }
    }

    /**
     * Cinder's rescheduling: an empty volume whose create failed here goes back to the scheduler,
     * which places it on another backend (this one excluded) until its attempts run out. A copy
     * of a snapshot or volume can only be made where its source is: it goes to error.
     */
    private void rescheduleOrFail(Volume volume, Command command, Outbox outbox, Failure failure) {
        String reason = failure.reason();
        if (volume.snapshotId() == null && volume.sourceVolumeId() == null) {
            String tried = command.arguments().getOrDefault(Command.TRIED_HOSTS, "");
            String requestedZone = command.arguments().get(Command.REQUESTED_ZONE);
            // Journaled first: once the host is released, only this command would ever place the volume.
            CommandJournal.Entry schedule = journal.record(Destinations.SCHEDULER,
                    command.next(Command.SCHEDULE_CREATE_VOLUME)
                            .with(Command.TRIED_HOSTS, tried.isEmpty() ? backendHost : tried + "," + backendHost));
            if (store.releaseHost(volume.id(), volume.host(),
                    requestedZone == null || requestedZone.isEmpty() ? null : requestedZone, reason)) {
                schedule.written();
                schedule.send(outbox);
                LOG.warn("[{}] Volume {} goes back to the scheduler: {}", command.requestId(), volume.id(), reason);
                return;
            }
            schedule.forget();
        }
        store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason(reason));
        LOG.error("[{}] Volume {} is in error: {}", command.requestId(), volume.id(), reason);
    }

    /**
     * Calls the driver for a step and records its outcome: the step's result, or the failure with
     * a reason naming the driver. Nothing is left waiting.
     */
    private <T> void drive(DriverBinding current, Command command, String subject, String action, Callable<T> call,
            Consumer<T> done, Consumer<Failure> failed) {
        String point = "manager." + command.type();
        try {
            FaultPoints.reach(point + ".before-driver");
            T result = callDriver(current, action + " " + command.resourceId(), callTimeoutMillis, call);
            FaultPoints.reach(point + ".driver-returned");
            done.accept(result);
            FaultPoints.reach(point + ".recorded");
            capacityChanged.run();
            LOG.info("[{}] {}: {} done on {}", command.requestId(), subject, action, backendHost);
        } catch (DriverException e) {
            String reason = "Driver " + current.driverName() + " on " + backendHost + " could not " + action + ": "
                    + e.getMessage();
            boolean busy = e instanceof ResourceBusyException;
            if (busy) {
                LOG.warn("[{}] {} refused, nothing changed: {}", command.requestId(), subject, reason);
            } else {
                LOG.error("[{}] {} failed: {}", command.requestId(), subject, reason);
            }
            failed.accept(new Failure(reason, busy));
        }
    }

    /** An empty volume, or a copy of the snapshot or volume it is created from. */
    private String createVolume(VolumeDriver driver, Volume volume) throws DriverException {
        if (volume.snapshotId() != null) {
            Snapshot snapshot = existingSnapshot(volume.snapshotId());
            Volume source = store.find(snapshot.volumeId()).orElseThrow(
                    () -> new DriverException("the snapshot's volume " + snapshot.volumeId() + " no longer exists"));
            return driver.createVolumeFromSnapshot(spec(volume), snapshotSpec(snapshot, source));
        }
        if (volume.sourceVolumeId() != null) {
            Volume source = store.find(volume.sourceVolumeId()).orElseThrow(
                    () -> new DriverException("the source volume " + volume.sourceVolumeId() + " no longer exists"));
            return driver.cloneVolume(spec(volume), spec(source));
        }
        return driver.createVolume(spec(volume));
    }

    private Snapshot existingSnapshot(String snapshotId) throws DriverException {
        return snapshots.find(snapshotId)
                .orElseThrow(() -> new DriverException("snapshot " + snapshotId + " no longer exists"));
    }

    /** What a snapshot step asks of the driver. */
    @FunctionalInterface
    private interface SnapshotWork {
        String apply(SnapshotSpec snapshot) throws DriverException;
    }

    /**
     * As {@link #step}, for a snapshot of a volume of this backend. A delete the driver refused
     * because clones depend on the snapshot changed nothing: it is {@code available} again.
     */
    private void snapshotStep(DriverBinding current, Command command, SnapshotStatus during, SnapshotStatus done,
            SnapshotStatus failed, String action, SnapshotWork work) {
        Snapshot snapshot = snapshots.find(command.resourceId()).orElse(null);
        Volume volume = snapshot == null ? null : store.find(snapshot.volumeId()).orElse(null);
        if (snapshot == null || snapshot.status() != during || volume == null
                || !backendHost.equals(volume.backendHost())) {
            LOG.debug("[{}] {} of {} already handled", command.requestId(), command.type(), command.resourceId());
            return;
        }
        drive(current, command, "Snapshot " + snapshot.id() + " of volume " + volume.id(), action,
                () -> work.apply(snapshotSpec(snapshot, volume)),
                location -> snapshots.transition(snapshot.id(), during, done, null, location),
                failure -> snapshots.transition(snapshot.id(), during,
                        failure.busy() && during == SnapshotStatus.DELETING ? SnapshotStatus.AVAILABLE : failed,
                        failure.reason(), null));
    }

    private static SnapshotSpec snapshotSpec(Snapshot snapshot, Volume volume) {
        return new SnapshotSpec(snapshot.id(), new VolumeSpec(volume.id(), snapshot.volumeSizeGb(),
                volume.providerLocation()), snapshot.providerLocation());
    }

    private static VolumeSpec spec(Volume volume) {
        return new VolumeSpec(volume.id(), volume.sizeGb(), volume.providerLocation());
    }

    /**
     * Calls vendor code with a time limit. A driver that throws anything, or does not answer in
     * time, fails the operation with a reason naming the driver; it never leaves the volume
     * waiting.
     */
    private <T> T callDriver(DriverBinding current, String what, long timeoutMillis, Callable<T> call)
            throws DriverException {
        try {
            return guard.call(current.driver(), what, Duration.ofMillis(timeoutMillis), call);
        } catch (VendorCallException e) {
            if (e.timedOut()) {
                throw new DriverException("the driver did not " + what + " within "
                        + (timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms"));
            }
            Throwable cause = e.getCause();
            if (cause instanceof DriverException driverException) {
                throw driverException;
            }
            if (cause instanceof InterruptedException) {
                throw new IllegalStateException("Interrupted while the driver " + current.driverName() + " was busy", e);
            }
            throw new DriverException("the driver failed to " + what + ": " + cause, cause);
        }
    }

    /** Claims the next report; {@code false} while the last one is still being made (a slow or hung driver). */
    boolean startReport() {
        return reporting.compareAndSet(false, true);
    }

    /** Asks for one more report after the one being made. */
    void reportAgain() {
        reportAgain.set(true);
    }

    /** Ends a report; whether another was asked for meanwhile. */
    boolean reportDone() {
        reporting.set(false);
        return reportAgain.getAndSet(false);
    }

    /** The backend's report now: fresh stats from its driver, or the last known with why it is not up. */
    BackendReport report() {
        // Taken before the database is read: the scheduler forgets its own placements made before it.
        long reportedAt = System.currentTimeMillis();
        // No report rather than one that misleads: a failed read would make the scheduler forget its placements.
        String pool = backendHost + "#" + backendName;
        long allocatedGb = store.allocatedGbOnHost(pool);
        long volumes = store.countOnHost(pool);
        DriverBinding current = binding;
        DriverBinding known = current != null ? current : lastBinding;
        String state;
        String reason = null;
        long statsCallSince = statsRunningSince.get();
        if (current != null && statsCallSince != 0) {
            // A hung stats call keeps its thread; asking again would only add another.
            state = BackendReport.DOWN;
            reason = "the driver has not returned from the stats call it got "
                    + (System.currentTimeMillis() - statsCallSince) / 1000 + " s ago";
        } else if (current != null) {
            try {
                lastStats = callDriver(current, "report its stats", statsTimeoutMillis, () -> {
                    statsRunningSince.set(System.currentTimeMillis());
                    try {
                        return current.driver().getStats();
                    } finally {
                        statsRunningSince.set(0);
                    }
                });
                state = BackendReport.UP;
            } catch (DriverException e) {
                state = BackendReport.DOWN;
                reason = "the driver could not report: " + e.getMessage();
            }
        } else if (goneReason != null) {
            state = BackendReport.DOWN;
            reason = goneReason + "; requests wait in the queue";
        } else if (System.currentTimeMillis() - absentSinceMillis < absenceGraceMillis) {
            state = BackendReport.PAUSED;
            reason = "driver absent since " + (System.currentTimeMillis() - absentSinceMillis) / 1000
                    + " s (being updated?); requests wait in the queue";
        } else {
            state = BackendReport.DOWN;
            reason = "no driver serves this backend; requests wait in the queue";
        }
        BackendStats stats = lastStats;
        return new BackendReport(backendHost, backendName, known.availabilityZone(), known.driverName(), known.bundle(),
                known.bundleVersion(), state, reason, reportedAt,
                stats == null ? 0 : stats.totalCapacityGb(), stats == null ? 0 : stats.freeCapacityGb(),
                stats == null ? 0 : stats.provisionedCapacityGb(), stats != null && stats.thinProvisioning(),
                stats == null ? 0 : stats.reservedPercentage(), stats == null ? 1.0 : stats.maxOverSubscriptionRatio(),
                stats == null ? null : stats.storageProtocol(), stats == null ? null : stats.vendorName(),
                stats == null ? null : stats.driverVersion(), capabilities(stats, known, volumes), allocatedGb, node);
    }

    /** The driver's capabilities, the operator's, and Cinder's {@code total_volumes} from the database. */
    private static Map<String, Object> capabilities(BackendStats stats, DriverBinding binding, long volumes) {
        Map<String, Object> capabilities = new HashMap<>(stats == null ? Map.of() : stats.capabilities());
        capabilities.putAll(binding.configuredCapabilities());
        capabilities.put("total_volumes", volumes);
        return capabilities;
    }
}
