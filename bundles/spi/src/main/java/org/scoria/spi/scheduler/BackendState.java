package org.scoria.spi.scheduler;

import java.util.Map;

/**
 * What the scheduler knows of a backend: its last report, less what the scheduler has placed
 * on it since.
 *
 * @param state       {@code up}, {@code paused} (takes requests, which wait for its driver) or {@code down}
 * @param stateReason why it is not up, or {@code null}
 * @since 1.0
 */
public record BackendState(String backendHost, String backendName, String availabilityZone, String driverName,
        String driverBundle, String driverBundleVersion, String state, String stateReason, long reportedAtMillis,
        double totalCapacityGb, double freeCapacityGb, double provisionedCapacityGb, boolean thinProvisioning,
        int reservedPercentage, double maxOverSubscriptionRatio, Map<String, Object> capabilities) {

    /** The state of a backend no volume manager serves: it takes no new volumes. */
    public static final String DOWN = "down";

    /** Whether new volumes may be placed on the backend. */
    public boolean acceptsVolumes() {
        return !DOWN.equals(state);
    }

    /** The pool part of a volume's host, Cinder's {@code host@backend#pool}; one pool per backend for now. */
    public String poolHost() {
        return backendHost + "#" + backendName;
    }

    /**
     * Free capacity as Cinder's weighers and filters count it: on a thin backend, what is left
     * of total × over-subscription ratio after provisioned volumes; else physical free space; in
     * both cases less the reserved share.
     */
    public double virtualFreeCapacityGb() {
        double reserved = Math.floor(totalCapacityGb * reservedPercentage / 100.0);
        if (thinProvisioning) {
            return totalCapacityGb * maxOverSubscriptionRatio - provisionedCapacityGb - reserved;
        }
        return freeCapacityGb - reserved;
    }
}
