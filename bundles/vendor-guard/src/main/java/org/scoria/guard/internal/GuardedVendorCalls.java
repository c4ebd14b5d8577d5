package org.scoria.guard.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.scoria.guard.VendorCallException;
import org.scoria.guard.VendorCallFigures;
import org.scoria.guard.VendorGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor guard: each call on a thread of an unbounded pool, so that threads a hung vendor
 * holds never starve the calls of another; the caller waits on a future with the call's limit.
 */
@Component(service = VendorGuard.class)
public class GuardedVendorCalls implements VendorGuard {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedVendorCalls.class);
    private static final String THREAD_PREFIX = "scoria-vendor-call-";

    /** The bundle behind each vendor class; a class from an updated bundle is a new class, so a new entry. */
    private static final ClassValue<Vendor> VENDORS = new ClassValue<>() {
        @Override
        protected Vendor computeValue(Class<?> type) {
            Bundle bundle = FrameworkUtil.getBundle(type);
            return bundle == null ? new Vendor(type.getName(), "0.0.0")
                    : new Vendor(bundle.getSymbolicName(), bundle.getVersion().toString());
        }
    };

    private final AtomicInteger threads = new AtomicInteger();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, THREAD_PREFIX + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
    private final Map<Vendor, VendorCounters> counters = new ConcurrentHashMap<>();

    @Deactivate
    public void deactivate() {
        pool.shutdownNow();
    }

    @Override
    public <T> T call(Object vendor, String what, Duration timeout, Callable<T> call) throws VendorCallException {
        Vendor who = VENDORS.get(vendor.getClass());
        VendorCounters figures = counters.computeIfAbsent(who, VendorCounters::new);
        GuardedCall<T> guarded = new GuardedCall<>(who, what, timeout, call, figures);
        figures.started();
        Future<T> future;
        try {
            future = pool.submit(guarded);
        } catch (RuntimeException stopping) {
            figures.ended(0, false);
            throw new VendorCallException(who.toString(), "Scoria is stopping: " + who + " was not asked to " + what,
                    stopping, false);
        }
        try {
            try {
                return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!guarded.markOverdue()) {
                    // It returned as the limit passed: its result (or failure) stands.
                    return future.get();
                }
            }
            future.cancel(true);
            LOG.warn("Vendor bundle {} did not {} within {}; its thread ({}) was interrupted and is counted as overdue"
                    + " until the vendor returns it", who, what, text(timeout), guarded.threadName());
            throw new VendorCallException(who.toString(), who + " did not " + what + " within " + text(timeout), null,
                    true);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new VendorCallException(who.toString(), "Interrupted while " + who + " was asked to " + what, e, false);
        } catch (ExecutionException e) {
            throw failure(who, what, e);
        }
    }

    private static VendorCallException failure(Vendor who, String what, ExecutionException e) {
        Throwable cause = e.getCause();
        LOG.debug("Vendor bundle {} failed to {}", who, what, cause);
        return new VendorCallException(who.toString(), who + " failed to " + what + ": " + cause, cause, false);
    }

    @Override
    public List<VendorCallFigures> figures() {
        List<VendorCallFigures> all = new ArrayList<>();
        counters.values().forEach(vendor -> all.add(vendor.figures()));
        all.sort(Comparator.comparing(VendorCallFigures::bundle).thenComparing(VendorCallFigures::version));
        return all;
    }

    /** A time limit as operators read it: whole seconds, or milliseconds below that. */
    static String text(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Who a call goes to: a bundle, by name and version. */
    record Vendor(String bundle, String version) {
        @Override
        public String toString() {
            return bundle + " " + version;
        }
    }
}
