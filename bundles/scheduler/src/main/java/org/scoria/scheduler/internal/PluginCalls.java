package org.scoria.scheduler.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.scoria.guard.VendorCallException;
import org.scoria.guard.VendorGuard;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;

/**
 * How a placement calls its filters and weighers: the scheduler's own directly, a vendor's (a class
 * from another bundle) through the vendor guard, once over all candidates. Placements are made one
 * at a time to keep capacity exact, so a vendor plug-in that hangs must not hold that turn.
 */
final class PluginCalls {

    /** Calls every plug-in directly: a selector made of the scheduler's own. */
    static final PluginCalls DIRECT = new PluginCalls(null, Duration.ZERO);

    private final VendorGuard guard;
    private final Duration timeout;

    PluginCalls(VendorGuard guard, Duration timeout) {
        this.guard = guard;
        this.timeout = timeout;
    }

    /** The candidates the filter lets through, in their order. */
    List<BackendState> passing(String name, BackendFilter filter, List<BackendState> candidates,
            SchedulingRequest request) throws VendorCallException {
        return call(filter, "filter " + candidates.size() + " backends as " + name, () -> {
            List<BackendState> passed = new ArrayList<>(candidates.size());
            for (BackendState backend : candidates) {
                if (filter.passes(backend, request)) {
                    passed.add(backend);
                }
            }
            return passed;
        });
    }

    /** The weigher's raw score of each candidate. */
    double[] weights(String name, BackendWeigher weigher, List<BackendState> candidates, SchedulingRequest request)
            throws VendorCallException {
        return call(weigher, "weigh " + candidates.size() + " backends as " + name, () -> {
            double[] raw = new double[candidates.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = weigher.weigh(candidates.get(i), request);
            }
            return raw;
        });
    }

    private <T> T call(Object plugin, String what, Supplier<T> call) throws VendorCallException {
        if (guard == null || plugin.getClass().getClassLoader() == PluginCalls.class.getClassLoader()) {
            return call.get();
        }
        return guard.call(plugin, what, timeout, call::get);
    }
}
