package org.scoria.volume.manager.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final long leaveWaitMillis;
    /** Where the queue is paused and resumed, off SCR's thread: a pause waits for the requests in hand. */
    private final ExecutorService queueControl;
    /** The queue's last pause or resume: the next one starts after it, so a resume never overtakes a pause. */
    private CompletableFuture<Void> queueChange = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    BackendWorker(String backendName, String backendHost, String node, VolumeStore store, SnapshotStore snapshots,
            CommandJournal journal, VendorGuard guard, BackendTimes times, ImageTransfers images, Runnable capacityChanged) {
        this.backendHost = backendHost;
        this.leaveWaitMillis = times.leaveWaitMillis();
        DriverCaller caller = new DriverCaller(guard);
        this.steps = new VolumeSteps(backendHost, store, snapshots, journal, caller, times.driverCallMillis(),
                capacityChanged, driver -> binding == driver, images);
        this.exports = new ExportCalls(backendHost, store, snapshots, caller, times.driverCallMillis());
        this.reporter = new BackendReporter(backendName, backendHost, node, store, caller, this::presence,
                times.statsMillis(), times.absenceGraceMillis());
        this.queueControl = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "scoria-backend-queue " + backendHost);
            thread.setDaemon(true);
            return thread;
        });
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

    /** A driver arrived: take requests again, once a pause for the driver before has ended. */
    synchronized void attach(DriverBinding newBinding) {
        binding = newBinding;
        lastBinding = newBinding;
        goneReason = null;
        if (subscription != null) {
            Subscription commands = subscription;
            Subscription answers = calls;
            queueChange = queueChange.thenRunAsync(() -> {
                if (!closed) {
                    commands.resume();
                    answers.resume();
                }
            }, queueControl).exceptionally(failure -> {
                LOG.error("Backend {} could not resume its queue for driver {}: {}", backendHost,
                        newBinding.driverName(), failure.getMessage());
                return null;
            });
        }
        LOG.info("Backend {} served by driver {} from {} {}", backendHost, newBinding.driverName(),
                newBinding.bundle(), newBinding.bundleVersion());
    }

    /**
     * The driver is leaving (bundle update, stop or uninstall, or its configuration removed).
     * Called while its service is still usable: the queue stops taking requests, those in hand
     * finish on the leaving driver, and those not taken stay in the broker for the next driver.
     * The caller (SCR's thread) waits for that at most the leave wait; a request still running
     * then (a long one, or one whose driver call hangs) fails when its driver goes, and goes back
     * to the broker for the next driver instead of failing its volume ({@link VolumeSteps}).
     *
     * @param gone why it will not be back soon, so that the backend is down at once; {@code null}
     *             when it may be (an update), so that it is paused for the grace period
     */
    void detach(VolumeDriver leaving, String gone) {
        CompletableFuture<Void> paused = null;
        Subscription commands = null;
        String driverName;
        synchronized (this) {
            if (binding == null || binding.driver() != leaving) {
                return;
            }
            driverName = binding.driverName();
            if (subscription != null) {
                commands = subscription;
                Subscription answers = calls;
                // Calls first (those not taken meanwhile expire in the broker: their callers get no answer
                // in time), then commands, which the leaving driver serves until then.
                paused = queueChange.thenRunAsync(answers::pause, queueControl)
                        .thenRunAsync(commands::pause, queueControl);
                queueChange = paused.exceptionally(failure -> {
                    LOG.error("Backend {} could not pause its queue as driver {} leaves: {}", backendHost, driverName,
                            failure.getMessage());
                    return null;
                });
            }
        }
        if (paused != null) {
            LOG.info("Backend {} pauses its queue: driver {} is leaving; requests in hand finish first", backendHost,
                    driverName);
            if (!awaitPause(paused, driverName)) {
                pauseCommandsNow(leaving, commands, driverName);
            }
        }
        synchronized (this) {
            if (binding != null && binding.driver() == leaving) {
                // absentSince first: report() reads binding, then absentSince (both volatile).
                absentSinceMillis = System.currentTimeMillis();
                goneReason = gone;
                binding = null;
            }
        }
    }

    /**
     * The leaving driver no longer serves: its commands stop being taken now, whatever holds the
     * calls. A resume for the next driver waits for this pause too, so that it cannot overtake it
     * and leave the queue paused; once that driver has come, its resume stands instead.
     */
    private synchronized void pauseCommandsNow(VolumeDriver leaving, Subscription commands, String driverName) {
        if (binding != null && binding.driver() != leaving) {
            return;
        }
        CompletableFuture<Void> commandsPaused = CompletableFuture.runAsync(commands::pause, queueControl);
        queueChange = CompletableFuture.allOf(queueChange, commandsPaused).exceptionally(failure -> {
            LOG.error("Backend {} could not stop taking commands as driver {} leaves: {}", backendHost, driverName,
                    failure.getMessage());
            return null;
        });
    }

    /** @return false when the queue did not pause (its requests in hand still run after the leave wait, or it failed) */
    private boolean awaitPause(CompletableFuture<Void> paused, String driverName) {
        try {
            paused.get(leaveWaitMillis, TimeUnit.MILLISECONDS);
            LOG.warn("Backend {} lost its driver {}; its requests wait in the broker until a driver serves it again",
                    backendHost, driverName);
        } catch (TimeoutException stillRunning) {
            LOG.warn("Backend {}: driver {} leaves while requests it took have not finished within {} s (a long one, or"
                    + " a call into it that hangs: scoria:vendor-calls); each goes back to the broker for the next"
                    + " driver when its call ends", backendHost, driverName, leaveWaitMillis / 1000);
            return false;
        } catch (ExecutionException failed) {
            // Logged where the pause failed.
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
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
        closed = true;
        queueControl.shutdown();
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
