package org.scoria.scheduler.internal;

import java.util.HashMap;
import java.util.Map;

import org.scoria.spi.scheduler.BackendState;

/**
 * A backend as queries and driver functions name it: Cinder's host-state attributes (the
 * capacities as the scheduler counts them now, placements since the last report included),
 * the capabilities it reports at the top level, and all of them again under {@code capabilities}.
 */
final class BackendAttributes {

    private BackendAttributes() {
    }

    static Map<String, Object> of(BackendState backend) {
        Map<String, Object> attributes = new HashMap<>(backend.capabilities());
        attributes.put("host", backend.backendHost());
        attributes.put("volume_backend_name", backend.backendName());
        attributes.put("availability_zone", backend.availabilityZone());
        attributes.put("total_capacity_gb", backend.totalCapacityGb());
        attributes.put("free_capacity_gb", backend.freeCapacityGb());
        attributes.put("provisioned_capacity_gb", backend.provisionedCapacityGb());
        attributes.put("allocated_capacity_gb", backend.provisionedCapacityGb());
        attributes.put("virtual_free_capacity_gb", backend.virtualFreeCapacityGb());
        attributes.put("reserved_percentage", backend.reservedPercentage());
        attributes.put("max_over_subscription_ratio", backend.maxOverSubscriptionRatio());
        attributes.put("thin_provisioning_support", backend.thinProvisioning());
        attributes.put("thick_provisioning_support", !backend.thinProvisioning());
        attributes.put("capabilities", backend.capabilities());
        return attributes;
    }
}
