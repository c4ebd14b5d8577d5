package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

import org.scoria.persistence.ServiceState;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.volume.api.ServiceAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operators' views: {@code scheduler-stats/get_pools}, {@code os-services}, {@code os-hosts},
 * {@code capabilities/{host}}.
 */
public final class OperatorResource {

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
                pools.add(OperatorViews.pool(backend, detailed));
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
            return call.json(Response.ok(), OperatorViews.capabilities(host, backend));
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
                    .map(service -> OperatorViews.service(service, call.version())).toList();
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
            // As Cinder: binary, or the older service key; both answered as they were sent.
            String binary = RequestReader.text(root, "binary");
            String serviceKey = RequestReader.text(root, "service");
            String named = binary != null && !binary.isEmpty() ? binary : serviceKey;
            if (host == null || named == null || named.isEmpty()) {
                throw new ApiFault(400, "Invalid input received: host and binary are required.");
            }
            String reason = RequestReader.text(root, "disabled_reason");
            if ("disable-log-reason".equals(action) && (reason == null || reason.isBlank() || reason.length() > 255)) {
                throw new ApiFault(400, "Invalid input received: Disabled reason contains invalid characters or is too long");
            }
            String logged = "disable-log-reason".equals(action) ? reason.strip() : null;
            services.setEnabled(call.context(), host, named, action.equals("enable"), logged);
            return call.json(Response.ok(), OperatorViews.serviceChanged(host, serviceKey, binary, !action.equals("enable"),
                    logged));
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
                hosts.add(OperatorViews.host(service));
            }
            return call.json(Response.ok(), Map.of("hosts", hosts));
        }

        /** Cinder's totals first, then one entry per project; its counts are strings. */
        @GET
        @Path("{host}")
        public Response show(@PathParam("host") String host, @Context HttpHeaders headers) {
            ApiCall call = ApiCall.global(auth, headers);
            return call.json(Response.ok(), Map.of("host", OperatorViews.hostUsage(host,
                    services.hostUsage(call.context(), host))));
        }
    }
}
