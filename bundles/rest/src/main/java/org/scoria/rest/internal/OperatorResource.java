package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.persistence.HostUsage;
import org.scoria.persistence.ServiceState;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.scheduler.BackendState;
import org.scoria.volume.api.ServiceAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operators' views: {@code scheduler-stats/get_pools}, {@code os-services}, {@code os-hosts},
 * {@code capabilities/{host}}.
 */
public final class OperatorResource {

    /** Capabilities every backend reports, which Cinder's capabilities view shows as fields, not properties. */
    private static final Set<String> STANDARD = Set.of("volume_backend_name", "storage_protocol", "vendor_name",
            "driver_version", "thin_provisioning_support", "thick_provisioning_support", "total_capacity_gb",
            "free_capacity_gb", "reserved_percentage", "max_over_subscription_ratio");

    private OperatorResource() {
    }

    /** {@code scheduler-stats}: the pools the scheduler sees. */
    public static class Pools {

        private final BackendRegistry backends;
        private final Authenticator auth;

        Pools(BackendRegistry backends, Authenticator auth) {
            this.backends = backends;
            this.auth = auth;
        }

        @GET
        @Path("get_pools")
        public Response pools(@QueryParam("detail") String detail, @QueryParam("name") String name,
                @Context HttpHeaders headers) {
            ApiCall call = ApiCall.global(auth, headers);
            call.authorize("scheduler_extension:scheduler_stats:get_pools");
            boolean detailed = RequestReader.queryFlag(detail, "detail");
            List<Map<String, Object>> pools = new ArrayList<>();
            for (BackendState backend : backends.backends()) {
                if (name != null && !name.equals(backend.poolHost())) {
                    continue;
                }
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
                pools.add(pool);
            }
            return call.json(Response.ok(), Map.of("pools", pools));
        }
    }

    /** {@code capabilities/{host}}: what a backend reports, as Cinder describes it. */
    public static class Capabilities {

        private final BackendRegistry backends;
        private final Authenticator auth;

        Capabilities(BackendRegistry backends, Authenticator auth) {
            this.backends = backends;
            this.auth = auth;
        }

        @GET
        @Path("{host}")
        public Response capabilities(@PathParam("host") String host, @Context HttpHeaders headers) {
            ApiCall call = ApiCall.global(auth, headers);
            call.authorize("volume_extension:capabilities");
            BackendState backend = backends.backends().stream().filter(candidate -> candidate.backendHost().equals(host))
                    .findFirst().orElseThrow(() -> new ApiFault(404, "Host " + host + " could not be found."));
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
            return call.json(Response.ok(), view);
        }
    }

    /** {@code os-services}: list, enable, disable. */
    public static class Services {

        private static final Set<String> REPLICATION_ACTIONS = Set.of("freeze", "thaw", "failover_host", "failover");

        private final ServiceAdmin services;
        private final RequestReader reader;
        private final Authenticator auth;
        /** This node's log levels; {@code null} while Karaf's log service is away. */
        private final ServiceLogLevels logLevels;

        Services(ServiceAdmin services, RequestReader reader, Authenticator auth, ServiceLogLevels logLevels) {
            this.services = services;
            this.reader = reader;
            this.auth = auth;
            this.logLevels = logLevels;
        }

        @GET
        public Response services(@QueryParam("host") String host, @QueryParam("binary") String binary,
                @Context HttpHeaders headers) {
            ApiCall call = ApiCall.global(auth, headers);
            List<Map<String, Object>> views = services.list(call.context(), host, binary).stream()
                    .map(service -> view(service, call.version())).toList();
            return call.json(Response.ok(), Map.of("services", views));
        }

        /**
         * {@code enable}, {@code disable} and {@code disable-log-reason}; {@code freeze},
         * {@code thaw} and {@code failover_host} (replication, which no backend offers yet);
         * {@code set-log} and {@code get-log} (3.32).
         */
        @PUT
        @Path("{action}")
        public Response update(@PathParam("action") String action, @Context HttpHeaders headers, InputStream body)
                throws IOException {
            ApiCall call = ApiCall.global(auth, headers);
            if (REPLICATION_ACTIONS.contains(action)) {
                return replication(call, action, reader.readBody(body));
            }
            if (action.equals("set-log") || action.equals("get-log")) {
                return logLevels(call.requireVersion(ApiVersion.LOG_LEVEL), action, reader.readBody(body));
            }
            if (!Set.of("enable", "disable", "disable-log-reason").contains(action)) {
                throw new ApiFault(404, "Unknown action " + action + ".");
            }
            JsonNode root = reader.readBody(body);
            String host = RequestReader.text(root, "host");
            String binary = RequestReader.text(root, "binary");
            if (host == null || binary == null) {
                throw new ApiFault(400, "Invalid input received: host and binary are required.");
            }
            String reason = RequestReader.text(root, "disabled_reason");
            if ("disable-log-reason".equals(action) && (reason == null || reason.isBlank() || reason.length() > 255)) {
                throw new ApiFault(400, "Invalid input received: Disabled reason contains invalid characters or is too long");
            }
            ServiceAdmin.Service service = services.setEnabled(call.context(), host, binary, action.equals("enable"),
                    "disable-log-reason".equals(action) ? reason.strip() : null);
            Map<String, Object> view = new LinkedHashMap<>();
            // As Cinder answers: the host asked for, which may be a cluster's.
            view.put("host", host);
            view.put("binary", service.binary());
            view.put("status", service.status());
            view.put("disabled", service.status().equals("disabled"));
            view.put("disabled_reason", service.disabledReason());
            return call.json(Response.ok(), view);
        }

        /** Cinder's 3.32 set-log (202) and get-log (200). */
        private Response logLevels(ApiCall call, String action, JsonNode body) {
            call.authorize("volume_extension:services:update");
            RequestReader.only(body, action, action.equals("set-log") ? Set.of("binary", "server", "prefix", "level")
                    : Set.of("binary", "server", "prefix"));
            if (logLevels == null) {
                throw new ApiFault(503, "Karaf's log service is not running; log levels cannot be read or set now.");
            }
            if (action.equals("set-log")) {
                logLevels.set(body);
                return call.empty(Response.status(202));
            }
            return call.json(Response.ok(), Map.of("log_levels", logLevels.get(body)));
        }

        /**
         * Cinder's replication actions on a backend host (or, from 3.26, a cluster). They need a
         * driver that replicates, and no Scoria driver does yet: a backend that exists is refused
         * with that reason, one that does not as Cinder refuses it.
         */
        private Response replication(ApiCall call, String action, JsonNode body) {
            call.authorize("volume_extension:services:update");
            boolean clustered = call.version().atLeast(ApiVersion.REPLICATION_CLUSTER);
            if (action.equals("failover") && !clustered) {
                throw new ApiFault(404, "Unknown action " + action + ".");
            }
            String host = RequestReader.text(body, "host");
            String cluster = clustered ? RequestReader.text(body, "cluster") : null;
            if ((host == null || host.isEmpty()) == (cluster == null || cluster.isEmpty())) {
                throw new ApiFault(400, "Invalid input received: " + (clustered
                        ? "One and only one of cluster and host must be set." : "Host field is missing."));
            }
            String named = host != null ? host : cluster;
            if (services.list(call.context(), named, ServiceState.VOLUME_BINARY).isEmpty()) {
                throw new ApiFault(400, "No service found with " + (host != null ? "host=" : "cluster=") + named);
            }
            throw new ApiFault(400, "Invalid input received: " + named + " does not replicate (no Scoria driver"
                    + " replicates yet), so it cannot be frozen, thawed or failed over.");
        }

        private static Map<String, Object> view(ServiceAdmin.Service service, ApiVersion version) {
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
            if (version.atLeast(ApiVersion.BACKEND_STATE) && service.binary().equals(ServiceState.VOLUME_BINARY)) {
                view.put("backend_state", service.backendState());
            }
            return view;
        }
    }

    /** {@code os-hosts}: the enabled services' hosts, and what each project keeps on a volume service's host. */
    public static class Hosts {

        private final ServiceAdmin services;
        private final Authenticator auth;

        Hosts(ServiceAdmin services, Authenticator auth) {
            this.services = services;
            this.auth = auth;
        }

        @GET
        public Response list(@QueryParam("zone") String zone, @QueryParam("service") String binary,
                @Context HttpHeaders headers) {
            ApiCall call = ApiCall.global(auth, headers).authorize("volume_extension:hosts");
            List<Map<String, Object>> hosts = new ArrayList<>();
            for (ServiceAdmin.Service service : services.list(call.context(), null, binary)) {
                // As Cinder: the enabled services, of one zone when asked.
                if (service.status().equals("disabled") || zone != null && !zone.isEmpty() && !zone.equals(service.zone())) {
                    continue;
                }
                Map<String, Object> host = new LinkedHashMap<>();
                host.put("host_name", service.host());
                host.put("service", service.binary());
                host.put("zone", service.zone());
                host.put("service-status", service.state().equals("up") ? "available" : "unavailable");
                host.put("service-state", service.status());
                host.put("last-update", OpenStackResponses.time(service.updatedAt()));
                hosts.add(host);
            }
            return call.json(Response.ok(), Map.of("hosts", hosts));
        }

        /** Cinder's totals first, then one entry per project; its counts are strings. */
        @GET
        @Path("{host}")
        public Response show(@PathParam("host") String host, @Context HttpHeaders headers) {
            ApiCall call = ApiCall.global(auth, headers);
            List<HostUsage> usage = services.hostUsage(call.context(), host);
            HostUsage total = new HostUsage("(total)", usage.stream().mapToLong(HostUsage::volumes).sum(),
                    usage.stream().mapToLong(HostUsage::volumeGb).sum(), usage.stream().mapToLong(HostUsage::snapshots).sum(),
                    usage.stream().mapToLong(HostUsage::snapshotGb).sum());
            List<Map<String, Object>> resources = new ArrayList<>();
            resources.add(Map.of("resource", resource(host, total)));
            usage.forEach(project -> resources.add(Map.of("resource", resource(host, project))));
            return call.json(Response.ok(), Map.of("host", resources));
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
}
