package org.scoria.spi.scheduler;

import java.util.Map;
import java.util.Set;

/**
 * What is being placed.
 *
 * @param availabilityZone the zone asked for, or {@code null} for any
 * @param extraSpecs       the extra specs of the volume's type, matched against what backends report
 *                         (never {@code null})
 * @param existingHost     the pool the volume already is on, when a retype asks whether it may
 *                         stay there, or {@code null}: its space is already counted there
 * @param triedHosts       the backends ({@code host@backend}) the create already failed on
 * @param hints            scheduler hints by name ({@link #SAME_HOST}, {@link #DIFFERENT_HOST}): the
 *                         backends ({@code host@backend}) of the volumes the hint names, resolved
 *                         once by the scheduler; volumes not placed yet have none
 * @param query            the scheduler hint {@code query}, or {@code null}
 * @param qosSpecs         the QoS specs of the volume's type (never {@code null}), which a
 *                         backend's filter and goodness functions may name
 * @since 1.0
 */
public record SchedulingRequest(String volumeId, int sizeGb, String availabilityZone, Map<String, String> extraSpecs,
        String existingHost, Set<String> triedHosts, Map<String, Set<String>> hints, BackendQuery query,
        Map<String, String> qosSpecs) {

    /** The hint naming the volumes a new volume must share a backend with. */
    public static final String SAME_HOST = "same_host";
    /** The hint naming the volumes a new volume must not share a backend with. */
    public static final String DIFFERENT_HOST = "different_host";

    public SchedulingRequest {
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
        triedHosts = triedHosts == null ? Set.of() : Set.copyOf(triedHosts);
        hints = hints == null ? Map.of() : Map.copyOf(hints);
        qosSpecs = qosSpecs == null ? Map.of() : Map.copyOf(qosSpecs);
    }

    /** A new volume of a type without extra specs. */
    public SchedulingRequest(String volumeId, int sizeGb, String availabilityZone) {
        this(volumeId, sizeGb, availabilityZone, Map.of(), null, Set.of(), Map.of(), null, Map.of());
    }

    /** A first attempt with a type's extra specs, or (with {@code existingHost}) a check of where the volume is. */
    public SchedulingRequest(String volumeId, int sizeGb, String availabilityZone, Map<String, String> extraSpecs,
            String existingHost) {
        this(volumeId, sizeGb, availabilityZone, extraSpecs, existingHost, Set.of(), Map.of(), null, Map.of());
    }
}
