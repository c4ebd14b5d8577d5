package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.ServiceState;
import org.scoria.volume.api.ServiceAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /clusters} (3.7): one cluster per backend, of the nodes that serve it, as Cinder's
 * clusters of volume services; list, detail, show, enable and disable (administrators).
 */
public class ClusterResource {

    private static final Set<String> FILTERS = Set.of("name", "binary", "is_up", "disabled", "num_hosts",
            "num_down_hosts");
    /** The filters of the replication fields (3.26). */
    private static final Set<String> REPLICATION_FILTERS = Set.of("replication_status", "frozen", "active_backend_id");

    private final ServiceAdmin services;
    private final RequestReader reader;
    private final Authenticator auth;

    ClusterResource(ServiceAdmin services, RequestReader reader, Authenticator auth) {
        this.services = services;
        this.reader = reader;
        this.auth = auth;
    }

    private ApiCall call(HttpHeaders headers) {
        return ApiCall.global(auth, headers).requireVersion(ApiVersion.CLUSTERS);
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers), uri.getQueryParameters(), false);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers), uri.getQueryParameters(), true);
    }

    /** Cinder shows a cluster of volume services whatever {@code binary} a client names. */
    @GET
    @Path("{name}")
    public Response show(@PathParam("name") String name, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        ServiceAdmin.Cluster cluster = services.clusters(call.context(), name).get(0);
        return call.json(Response.ok(), Map.of("cluster", view(cluster, call.version(), true)));
    }

    @PUT
    @Path("enable")
    public Response enable(@Context HttpHeaders headers, InputStream body) throws IOException {
        return switched(call(headers), reader.readBody(body), true);
    }

    @PUT
    @Path("disable")
    public Response disable(@Context HttpHeaders headers, InputStream body) throws IOException {
        return switched(call(headers), reader.readBody(body), false);
    }

    private Response switched(ApiCall call, JsonNode body, boolean enabled) {
        RequestReader.only(body, "cluster", enabled ? Set.of("name", "binary") : Set.of("name", "binary", "disabled_reason"));
        String name = RequestReader.text(body, "name");
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw RequestReader.invalid("name", body.get("name"), "'name' is a required property of 1 to 255 characters");
        }
        String binary = RequestReader.text(body, "binary");
        if (binary != null && !binary.equals(ServiceState.VOLUME_BINARY)) {
            throw new ApiFault(404, "Cluster {'binary': '" + binary + "', 'name': '" + name + "'} could not be found.");
        }
        String reason = enabled ? null : RequestReader.text(body, "disabled_reason");
        if (reason != null && (reason.strip().isEmpty() || reason.strip().length() > 255)) {
            throw new ApiFault(400, "Invalid input received: Disabled reason contains invalid characters or is too long");
        }
        ServiceAdmin.Cluster cluster = services.setClusterEnabled(call.context(), name, enabled,
                reason == null ? null : reason.strip());
        Map<String, Object> view = view(cluster, call.version(), false);
        view.put("disabled_reason", cluster.disabledReason());
        return call.json(Response.ok(), Map.of("cluster", view));
    }

    private Response listed(ApiCall call, MultivaluedMap<String, String> query, boolean detail) {
        boolean replication = call.version().atLeast(ApiVersion.REPLICATION_CLUSTER);
        List<String> unknown = query.keySet().stream().filter(key -> !FILTERS.contains(key)
                && !(replication && REPLICATION_FILTERS.contains(key))).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ApiFault(400, "Invalid input received: Invalid filter keys: " + String.join(", ", unknown));
        }
        Predicate<ServiceAdmin.Cluster> wanted = cluster -> true;
        wanted = wanted.and(matches(query, "name", ServiceAdmin.Cluster::name));
        wanted = wanted.and(matches(query, "binary", ServiceAdmin.Cluster::binary));
        wanted = wanted.and(matches(query, "num_hosts", cluster -> Integer.toString(cluster.hosts())));
        wanted = wanted.and(matches(query, "num_down_hosts", cluster -> Integer.toString(cluster.downHosts())));
        if (query.containsKey("is_up")) {
            boolean up = RequestReader.queryFlag(query.getFirst("is_up"), "is_up");
            wanted = wanted.and(cluster -> cluster.state().equals("up") == up);
        }
        if (query.containsKey("disabled")) {
            boolean disabled = RequestReader.queryFlag(query.getFirst("disabled"), "disabled");
            wanted = wanted.and(cluster -> cluster.status().equals("disabled") == disabled);
        }
        wanted = wanted.and(matches(query, "replication_status", cluster -> OperatorViews.NOT_REPLICATING));
        if (query.containsKey("frozen")) {
            boolean frozen = RequestReader.queryFlag(query.getFirst("frozen"), "frozen");
            wanted = wanted.and(cluster -> !frozen);
        }
        if (query.containsKey("active_backend_id")) {
            wanted = wanted.and(cluster -> false);
        }
        List<Map<String, Object>> views = new ArrayList<>();
        for (ServiceAdmin.Cluster cluster : services.clusters(call.context(), null)) {
            if (wanted.test(cluster)) {
                views.add(view(cluster, call.version(), detail));
            }
        }
        return call.json(Response.ok(), Map.of("clusters", views));
    }

    private static Predicate<ServiceAdmin.Cluster> matches(MultivaluedMap<String, String> query, String key,
            Function<ServiceAdmin.Cluster, String> field) {
        String value = query.getFirst(key);
        return value == null ? cluster -> true : cluster -> value.equals(field.apply(cluster));
    }

    /**
     * Cinder's cluster view; its detail writes a missing time as an empty string. From 3.26 the
     * replication fields, of a cluster that does not replicate.
     */
    static Map<String, Object> view(ServiceAdmin.Cluster cluster, ApiVersion version, boolean detail) {
        boolean replication = version.atLeast(ApiVersion.REPLICATION_CLUSTER);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", cluster.name());
        view.put("binary", cluster.binary());
        view.put("state", cluster.state());
        view.put("status", cluster.status());
        if (replication) {
            view.put("replication_status", OperatorViews.NOT_REPLICATING);
        }
        if (detail) {
            view.put("num_hosts", cluster.hosts());
            view.put("num_down_hosts", cluster.downHosts());
            view.put("last_heartbeat", OpenStackResponses.time(cluster.lastHeartbeat()));
            // Scoria's clusters are the backends' and have no row of their own to date.
            view.put("created_at", "");
            view.put("updated_at", "");
            view.put("disabled_reason", cluster.disabledReason());
            if (replication) {
                view.put("frozen", false);
                view.put("active_backend_id", null);
            }
        }
        return view;
    }
}
