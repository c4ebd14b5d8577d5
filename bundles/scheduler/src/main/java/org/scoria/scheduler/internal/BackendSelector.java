package org.scoria.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.scoria.scheduler.BackendFilter;
import org.scoria.scheduler.BackendState;
import org.scoria.scheduler.BackendWeigher;
import org.scoria.scheduler.SchedulingRequest;

/** One scheduling decision: filters in order, then the normalised sum of the weighers, highest first. */
final class BackendSelector {

    private final List<Map.Entry<String, BackendFilter>> filters;
    private final List<BackendWeigher> weighers;

    BackendSelector(List<Map.Entry<String, BackendFilter>> filters, List<BackendWeigher> weighers) {
        this.filters = filters;
        this.weighers = weighers;
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
            candidates.removeIf(backend -> !filter.getValue().passes(backend, request));
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
            double[] raw = new double[candidates.size()];
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < raw.length; i++) {
                raw[i] = weigher.weigh(candidates.get(i), request);
                min = Math.min(min, raw[i]);
                max = Math.max(max, raw[i]);
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
}
