package org.scoria.scheduler.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DriverFunction} a backend reports as one of its capabilities, evaluated for a request
 * with Cinder's variables: {@code volume.size}, {@code volume.id}, {@code volume.availability_zone};
 * {@code stats.*} (the backend's attributes, capacities as the scheduler counts them now);
 * {@code capabilities.*}; {@code extra.*} (the type's extra specs); {@code qos.*} (its QoS specs).
 */
final class ReportedFunction {

    static final String FILTER = "filter_function";
    static final String GOODNESS = "goodness_function";

    private static final Logger LOG = LoggerFactory.getLogger(ReportedFunction.class);

    private final String capability;
    /** What was already logged: a broken function would otherwise log at every placement. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Functions by their text, parsed once (also those that do not parse): every placement evaluates them. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    /** A parsed function, or why its text does not parse. */
    private record Parsed(DriverFunction function, String error) {
    }

    ReportedFunction(String capability) {
        this.capability = capability;
    }

    /**
     * The function's value, or empty when the backend reports none; a function that cannot be
     * evaluated is logged (once per backend, function and problem) and gives {@code onError}.
     */
    Optional<Object> evaluate(BackendState backend, SchedulingRequest request, Object onError) {
        Object text = backend.capabilities().get(capability);
        if (text == null || String.valueOf(text).isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parsed(String.valueOf(text)).evaluate(variables(backend, request)));
        } catch (IllegalArgumentException e) {
            if (warned.add(backend.backendHost() + '\n' + text + '\n' + e.getMessage())) {
                LOG.warn("Backend {} reports a {} that cannot be evaluated ({}): {}", backend.backendHost(), capability,
                        e.getMessage(), text);
            }
            return Optional.of(onError);
        }
    }

    /** @throws IllegalArgumentException when the text does not parse */
    private DriverFunction parsed(String text) {
        Parsed result = parsed.computeIfAbsent(text, key -> {
            try {
                return new Parsed(DriverFunction.parse(key), null);
            } catch (IllegalArgumentException e) {
                return new Parsed(null, e.getMessage());
            }
        });
        if (result.function() == null) {
            throw new IllegalArgumentException(result.error());
        }
        return result.function();
    }

    private static Function<String, Object> variables(BackendState backend, SchedulingRequest request) {
        Map<String, Object> volume = Map.of("size", request.sizeGb(), "id", String.valueOf(request.volumeId()),
                "availability_zone", request.availabilityZone() == null ? "" : request.availabilityZone());
        Map<String, Map<String, ?>> scopes = Map.of("volume", volume, "stats", BackendAttributes.of(backend),
                "capabilities", backend.capabilities(), "extra", request.extraSpecs(), "qos", request.qosSpecs());
        return name -> {
            int dot = name.indexOf('.');
            Map<String, ?> scope = dot < 0 ? null : scopes.get(name.substring(0, dot));
            return scope == null ? null : scope.get(name.substring(dot + 1));
        };
    }
}
