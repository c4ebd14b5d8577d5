package org.scoria.messaging;

import java.util.Map;
import java.util.Set;

/**
 * What a volume manager tells the schedulers about one backend, periodically and on change.
 *
 * @param backendHost        Cinder's {@code host@backend}
 * @param backendName        the backend's name ({@code volume_backend_name})
 * @param availabilityZone   the zone it serves
 * @param driverName         the driver's name, e.g. {@code nfs}
 * @param driverBundle       the symbolic name of the bundle serving it
 * @param driverBundleVersion that bundle's version
 * @param state              {@link #UP}, {@link #PAUSED} (driver briefly away, e.g. being updated:
 *                           requests still queue for it) or {@link #DOWN}
 * @param stateReason        why it is not up, or {@code null}
 * @param reportedAtMillis   when the manager made the report, epoch milliseconds
 * @param totalCapacityGb    as the driver's BackendStats reports it, and the rest alike
 * @param allocatedCapacityGb the GiB of the volumes placed on the backend as the database had them
 *                           when the report was made ({@code reportedAtMillis}), those still being
 *                           created included @since 1.3
 * @param node               the name of the node that made the report ({@link Node}); several nodes
 *                           that share a host serve its backends together @since 1.8
 * @param placedVolumeIds    the volumes placed on the backend in the seconds before the report that
 *                           its allocated capacity counts: a scheduler stops counting its own
 *                           placements of them, even those it recorded after {@code reportedAtMillis}
 *                           @since 2.0
 * @since 1.0
 */
public record BackendReport(String backendHost, String backendName, String availabilityZone, String driverName,
        String driverBundle, String driverBundleVersion, String state, String stateReason, long reportedAtMillis,
        double totalCapacityGb, double freeCapacityGb, double provisionedCapacityGb, boolean thinProvisioning,
        int reservedPercentage, double maxOverSubscriptionRatio, String storageProtocol, String vendorName,
        String driverVersion, Map<String, Object> capabilities, double allocatedCapacityGb, String node,
        Set<String> placedVolumeIds) {

    public static final String UP = "up";
    public static final String PAUSED = "paused";
    public static final String DOWN = "down";

    public BackendReport {
        capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
        // Reports of volume managers older than 2.0 name none: their placements count until the next report.
        placedVolumeIds = placedVolumeIds == null ? Set.of() : Set.copyOf(placedVolumeIds);
        // Reports of volume managers older than 1.8 name no node: theirs is the host they serve.
        if (node == null && backendHost != null) {
            node = backendHost.contains("@") ? backendHost.substring(0, backendHost.indexOf('@')) : backendHost;
        }
    }

    /** A report without the reporting node's name: the host part of the backend's. */
    public BackendReport(String backendHost, String backendName, String availabilityZone, String driverName,
            String driverBundle, String driverBundleVersion, String state, String stateReason, long reportedAtMillis,
            double totalCapacityGb, double freeCapacityGb, double provisionedCapacityGb, boolean thinProvisioning,
            int reservedPercentage, double maxOverSubscriptionRatio, String storageProtocol, String vendorName,
            String driverVersion, Map<String, Object> capabilities, double allocatedCapacityGb) {
        this(backendHost, backendName, availabilityZone, driverName, driverBundle, driverBundleVersion, state,
                stateReason, reportedAtMillis, totalCapacityGb, freeCapacityGb, provisionedCapacityGb, thinProvisioning,
                reservedPercentage, maxOverSubscriptionRatio, storageProtocol, vendorName, driverVersion, capabilities,
                allocatedCapacityGb, null, Set.of());
    }

    /** A report without the allocated capacity. */
    public BackendReport(String backendHost, String backendName, String availabilityZone, String driverName,
            String driverBundle, String driverBundleVersion, String state, String stateReason, long reportedAtMillis,
            double totalCapacityGb, double freeCapacityGb, double provisionedCapacityGb, boolean thinProvisioning,
            int reservedPercentage, double maxOverSubscriptionRatio, String storageProtocol, String vendorName,
            String driverVersion, Map<String, Object> capabilities) {
        this(backendHost, backendName, availabilityZone, driverName, driverBundle, driverBundleVersion, state,
                stateReason, reportedAtMillis, totalCapacityGb, freeCapacityGb, provisionedCapacityGb, thinProvisioning,
                reservedPercentage, maxOverSubscriptionRatio, storageProtocol, vendorName, driverVersion, capabilities, 0);
    }
}
