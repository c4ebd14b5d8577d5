package org.scoria.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.scoria.guard.VendorCallException;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;

/** One scheduling decision: filters in order, then the normalised sum of the weighers, highest first. */
final class BackendSelector {

    private final List<Map.Entry<String, BackendFilter>> filters;
    private final List<BackendWeigher> weighers;
    private final PluginCalls calls;

    /** A selector of the scheduler's own filters and weighers, called directly. */
    BackendSelector(List<Map.Entry<String, BackendFilter>> filters, List<BackendWeigher> weighers) {
        this(filters, weighers, PluginCalls.DIRECT);
    }

    BackendSelector(List<Map.Entry<String, BackendFilter>> filters, List<BackendWeigher> weighers, PluginCalls calls) {
        this.filters = filters;
        this.weighers = weighers;
        this.calls = calls;
    }

    /** The chosen backend, or the reason none fits. */
    record Decision(Optional<BackendState> backend, String reason) {
    }

    /** @param disabledHosts backends ({@code host@backend}) an operator disabled: they take nothing new */
    Decision select(List<BackendState> backends, SchedulingRequest request, Set<String> disabledHosts) {
        List<BackendState> candidates = new ArrayList<>();
        StringBuilder excluded = new StringBuilder();
        int down = 0;
        int disabled = 0;
        for (BackendState backend : backends) {
            if (!backend.acceptsVolumes()) {
                down++;
            } else if (disabledHosts.contains(backend.backendHost())) {
                disabled++;
            } else {
                candidates.add(backend);
            }
        }
        if (down > 0) {
            excluded.append(down).append(" down");
        }
        if (disabled > 0) {
            excluded.append(excluded.length() == 0 ? "" : ", ").append(disabled).append(" disabled");
        }
        for (Map.Entry<String, BackendFilter> filter : filters) {
            int before = candidates.size();
            try {
                candidates = calls.passing(filter.getKey(), filter.getValue(), candidates, request);
            } catch (VendorCallException e) {
                return pluginFailed("filter " + filter.getKey(), e);
            }
            if (candidates.size() < before) {
                excluded.append(excluded.length() == 0 ? "" : ", ").append(filter.getKey()).append(" excluded ")
                        .append(before - candidates.size());
            }
        }
        if (candidates.isEmpty()) {
            String why = backends.isEmpty() ? "no backend has reported" : excluded + " of " + backends.size() + " backends";
            return new Decision(Optional.empty(), "No valid backend was found for a " + request.sizeGb() + " GiB volume"
                    + (request.availabilityZone() == null ? "" : " in zone " + request.availabilityZone()) + ": "
                    + why + ".");
        }
        double[] totals = new double[candidates.size()];
        for (BackendWeigher weigher : weighers) {
            String name = weigher.getClass().getSimpleName();
            double[] raw;
            try {
                raw = calls.weights(name, weigher, candidates, request);
            } catch (VendorCallException e) {
                return pluginFailed("weigher " + name, e);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double score : raw) {
                min = Math.min(min, score);
                max = Math.max(max, score);
            }
            for (int i = 0; i < raw.length; i++) {
                // Cinder's normalisation: min→0, max→1, all equal→0.
                double normalised = max == min ? 0 : (raw[i] - min) / (max - min);
                totals[i] += weigher.multiplier() * normalised;
            }
        }
        int best = 0;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[best]) {
                best = i;
            }
        }
        return new Decision(Optional.of(candidates.get(best)), null);
    }

    /** A vendor's plug-in threw or hung: nothing is placed, and the reason names its bundle. */
    private static Decision pluginFailed(String plugin, VendorCallException e) {
        return new Decision(Optional.empty(), "No backend was chosen: the scheduler's " + plugin + " failed ("
                + e.getMessage() + ").");
    }
}
