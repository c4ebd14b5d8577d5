package org.scoria.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scoria.persistence.HostUsage;
import org.scoria.persistence.ServiceState;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.volume.api.ServiceAdmin;

/**
 * What the operators' routes show, as Cinder's views do: pools ({@code scheduler-stats}), a
 * backend's capabilities, services ({@code os-services}) and hosts ({@code os-hosts}).
 */
final class OperatorViews {

    /** Capabilities every backend reports, which Cinder's capabilities view shows as fields, not properties. */
    private static final Set<String> STANDARD = Set.of("volume_backend_name", "storage_protocol", "vendor_name",
            "driver_version", "thin_provisioning_support", "thick_provisioning_support", "total_capacity_gb",
            "free_capacity_gb", "reserved_percentage", "max_over_subscription_ratio");

    /** Cinder's replication status of a backend that cannot replicate, as every Scoria backend is. */
    static final String NOT_REPLICATING = "not-capable";

    private OperatorViews() {
    }

    /** A pool of {@code get_pools}: its name, and with {@code detail} what its backend reported. */
    static Map<String, Object> pool(BackendState backend, boolean detailed) {
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("name", backend.poolHost());
        if (detailed) {
            Map<String, Object> capabilities = new LinkedHashMap<>(backend.capabilities());
            capabilities.put("pool_name", backend.backendName());
            capabilities.put("free_capacity_gb", backend.freeCapacityGb());
            capabilities.put("allocated_capacity_gb", backend.provisionedCapacityGb());
            capabilities.put("provisioned_capacity_gb", backend.provisionedCapacityGb());
            capabilities.put("timestamp", OpenStackResponses.time(Instant.ofEpochMilli(backend.reportedAtMillis())));
            pool.put("capabilities", capabilities);
        }
        return pool;
    }

    /** {@code capabilities/{host}}: the standard capabilities as fields, the driver's own as properties. */
    static Map<String, Object> capabilities(String host, BackendState backend) {
        Map<String, Object> capabilities = backend.capabilities();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("namespace", "OS::Storage::Capabilities::" + host);
        view.put("vendor_name", capabilities.get("vendor_name"));
        view.put("volume_backend_name", backend.backendName());
        view.put("pool_name", null);
        view.put("driver_version", capabilities.get("driver_version"));
        view.put("storage_protocol", capabilities.get("storage_protocol"));
        view.put("display_name", null);
        view.put("description", null);
        view.put("visibility", null);
        view.put("replication_targets", List.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        capabilities.forEach((key, value) -> {
            if (!STANDARD.contains(key)) {
                properties.put(key, Map.of("title", key, "description", key, "type",
                        value instanceof Boolean ? "boolean" : value instanceof Number ? "number" : "string"));
            }
        });
        view.put("properties", properties);
        return view;
    }

    /**
     * A service of the {@code os-services} list: its cluster from 3.7, a volume service's backend
     * state from 3.49, and a volume service's replication fields, which say that no Scoria backend
     * replicates.
     */
    static Map<String, Object> service(ServiceAdmin.Service service, ApiVersion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("binary", service.binary());
        view.put("host", service.host());
        view.put("zone", service.zone());
        view.put("status", service.status());
        view.put("state", service.state());
        view.put("updated_at", OpenStackResponses.time(service.updatedAt()));
        view.put("disabled_reason", service.disabledReason());
        if (version.atLeast(ApiVersion.CLUSTERS)) {
            view.put("cluster", service.cluster());
        }
        boolean volumeService = service.binary().equals(ServiceState.VOLUME_BINARY);
        if (version.atLeast(ApiVersion.BACKEND_STATE) && volumeService) {
            view.put("backend_state", service.backendState());
        }
        if (volumeService) {
            view.put("replication_status", NOT_REPLICATING);
            view.put("active_backend_id", null);
            view.put("frozen", false);
        }
        return view;
    }

    /**
     * The answer to enable, disable and disable-log-reason, as Cinder's: the host, {@code service}
     * and {@code binary} as they were sent (which may name a cluster; empty when not sent), and the
     * reason only for disable-log-reason ({@code reason} not {@code null}).
     */
    static Map<String, Object> serviceChanged(String host, String serviceKey, String binary, boolean disabled,
            String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", host);
        view.put("service", serviceKey == null ? "" : serviceKey);
        view.put("binary", binary == null ? "" : binary);
        view.put("status", disabled ? "disabled" : "enabled");
        view.put("disabled", disabled);
        if (reason != null) {
            view.put("disabled_reason", reason);
        }
        return view;
    }

    /** A host of the {@code os-hosts} list: an enabled service's. */
    static Map<String, Object> host(ServiceAdmin.Service service) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("host_name", service.host());
        host.put("service", service.binary());
        host.put("zone", service.zone());
        host.put("service-status", service.state().equals("up") ? "available" : "unavailable");
        host.put("service-state", service.status());
        host.put("last-update", OpenStackResponses.time(service.updatedAt()));
        return host;
    }

    /** {@code os-hosts/{host}}: Cinder's totals first, then one entry per project; its counts are strings. */
    static List<Map<String, Object>> hostUsage(String host, List<HostUsage> usage) {
        HostUsage total = new HostUsage("(total)", usage.stream().mapToLong(HostUsage::volumes).sum(),
                usage.stream().mapToLong(HostUsage::volumeGb).sum(), usage.stream().mapToLong(HostUsage::snapshots).sum(),
                usage.stream().mapToLong(HostUsage::snapshotGb).sum());
        List<Map<String, Object>> resources = new ArrayList<>();
        resources.add(Map.of("resource", resource(host, total)));
        usage.forEach(project -> resources.add(Map.of("resource", resource(host, project))));
        return resources;
    }

    private static Map<String, Object> resource(String host, HostUsage usage) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("host", host);
        resource.put("project", usage.projectId());
        resource.put("volume_count", Long.toString(usage.volumes()));
        resource.put("total_volume_gb", Long.toString(usage.volumeGb()));
        resource.put("snapshot_count", Long.toString(usage.snapshots()));
        resource.put("total_snapshot_gb", Long.toString(usage.snapshotGb()));
        return resource;
    }
}
