package org.scoria.spi.volume;

import java.util.Map;
import java.util.Objects;

/**
 * A backend's capacity and capabilities as its driver reports them, in Cinder's terms.
 *
 * @param totalCapacityGb        the backend's total capacity in GiB
 * @param freeCapacityGb         the free physical capacity in GiB
 * @param provisionedCapacityGb  the sum of the sizes of the volumes the backend holds, in GiB
 * @param thinProvisioning       whether volumes are allocated lazily (sparse), so the backend may
 *                               be over-subscribed up to {@code maxOverSubscriptionRatio}
 * @param reservedPercentage     the share of total capacity kept free, 0 to 100
 * @param maxOverSubscriptionRatio how far provisioned capacity may exceed total capacity on a
 *                               thin backend, at least 1.0
 * @param storageProtocol        how volumes are reached, e.g. {@code nfs}, {@code rbd}, {@code iSCSI}
 * @param vendorName             the vendor's name
 * @param driverVersion          the driver's own version string
 * @param capabilities           further capabilities, matched against volume-type extra specs
 * @since 1.0
 */
public record BackendStats(double totalCapacityGb, double freeCapacityGb, double provisionedCapacityGb,
        boolean thinProvisioning, int reservedPercentage, double maxOverSubscriptionRatio,
        String storageProtocol, String vendorName, String driverVersion, Map<String, Object> capabilities) {

    public BackendStats {
        if (reservedPercentage < 0 || reservedPercentage > 100) {
            throw new IllegalArgumentException("reservedPercentage must be within 0..100, was " + reservedPercentage);
        }
        if (maxOverSubscriptionRatio < 1.0) {
            throw new IllegalArgumentException("maxOverSubscriptionRatio must be at least 1.0, was " + maxOverSubscriptionRatio);
        }
        Objects.requireNonNull(storageProtocol, "storageProtocol");
        capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
    }
}
