package org.scoria.volume.manager.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.scoria.guard.VendorGuard;
import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.Subscription;
import org.scoria.messaging.command.ExportCall;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.VolumeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend on this host: its queue's subscription and the driver currently serving it. The
 * driver is swapped at runtime; while none is attached the subscription is paused and the
 * backend's requests wait in the broker.
 */
final class BackendWorker {

    private static final Logger LOG = LoggerFactory.getLogger(BackendWorker.class);

    private final String backendHost;
    private final VolumeSteps steps;
    private final ExportCalls exports;
    private final BackendReporter reporter;
    private volatile DriverBinding binding;
    private volatile DriverBinding lastBinding;
    private volatile long absentSinceMillis;
    /** Why the driver is known not to come back soon (uninstalled, unconfigured, failed to start); null while it may. */
    private volatile String goneReason;
    private Subscription subscription;
    private Subscription calls;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    BackendWorker(String backendName, String backendHost, String node, VolumeStore store, SnapshotStore snapshots,
            CommandJournal journal, VendorGuard guard,
            long callTimeoutMillis, long statsTimeoutMillis, long absenceGraceMillis, Runnable capacityChanged) {
        this.backendHost = backendHost;
        DriverCaller caller = new DriverCaller(guard);
        this.steps = new VolumeSteps(backendHost, store, snapshots, journal, caller, callTimeoutMillis, capacityChanged);
        this.exports = new ExportCalls(backendHost, store, snapshots, caller, callTimeoutMillis);
        this.reporter = new BackendReporter(backendName, backendHost, node, store, caller, this::presence,
                statsTimeoutMillis, absenceGraceMillis);
    }

    String backendHost() {
        return backendHost;
    }

    BackendReporter reporter() {
        return reporter;
    }

    /** Who serves the backend now; the driver read first, as {@link #detach} writes it last. */
    private BackendReporter.Presence presence() {
        DriverBinding current = binding;
        return new BackendReporter.Presence(current, lastBinding, absentSinceMillis, goneReason);
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
        ExportCall call;
        try {
            call = ExportCall.read(command);
        } catch (IllegalArgumentException e) {
            throw new CallFailedException(CallFailedException.INVALID, "Backend " + backendHost + " cannot answer "
                    + command.type() + " of volume " + command.resourceId() + ": " + e.getMessage());
        }
        return exports.answer(current, call);
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
            steps.dispatch(current, command, outbox);
        } finally {
            inFlight.remove(command.resourceId());
        }
    }
}
