package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.Volume;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Volumes of one project: create, list, detail, show, delete. Created per request by {@link V3Resource}. */
public class VolumeCollectionResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

    private final VolumeService volumes;
    private final VolumeRequestReader reader;
    private final String pathProject;

    VolumeCollectionResource(VolumeService volumes, VolumeRequestReader reader, String pathProject) {
        this.volumes = volumes;
        this.reader = reader;
        this.pathProject = pathProject;
    }

    /** One request's negotiated version, caller and link base. */
    private record Call(ApiVersion version, RequestContext context, VolumeViews views) {
    }

    private Call call(HttpHeaders headers, UriInfo uri, boolean listing, String resourceId) {
        ApiVersion version = ApiVersion.negotiate(headers);
        RequestContext context = NoAuthContexts.forRequest(headers, pathProject, listing, resourceId);
        URI base = uri.getBaseUri();
        return new Call(version, context, new VolumeViews(base, pathProject, version, context.admin()));
    }

    @POST
    public Response create(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        Call call = call(headers, uri, true, null);
        Volume volume = volumes.create(call.context(), reader.readCreate(body));
        return respond(Response.status(202), Map.of("volume", call.views().created(volume)), call);
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri, @QueryParam("all_tenants") String allTenants,
            @QueryParam("with_count") String withCount) {
        Call call = call(headers, uri, true, null);
        List<Volume> found = find(call, allTenants);
        return respond(Response.ok(), collection(call, call.views().summaries(found), found.size(), withCount), call);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri, @QueryParam("all_tenants") String allTenants,
            @QueryParam("with_count") String withCount) {
        Call call = call(headers, uri, true, null);
        List<Volume> found = find(call, allTenants);
        return respond(Response.ok(), collection(call, call.views().details(found), found.size(), withCount), call);
    }

    @GET
    @Path("{volume_id}")
    public Response show(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        Volume volume = volumes.get(call.context(), volumeId);
        return respond(Response.ok(), Map.of("volume", call.views().detail(volume)), call);
    }

    @DELETE
    @Path("{volume_id}")
    public Response delete(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        volumes.delete(call.context(), volumeId);
        return OpenStackResponses.headers(Response.status(202), call.context().requestId(), call.version()).build();
    }

    /** Administrators see every project with {@code all_tenants}; Cinder drops the option for others. */
    private List<Volume> find(Call call, String allTenants) {
        boolean everyProject = allTenants != null && (allTenants.isEmpty() || TRUE.contains(allTenants.toLowerCase()));
        return everyProject && call.context().admin() ? volumes.listAllProjects(call.context()) : volumes.list(call.context());
    }

    private static Map<String, Object> collection(Call call, List<Map<String, Object>> views, int count, String withCount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumes", views);
        if (withCount != null && TRUE.contains(withCount.toLowerCase()) && call.version().atLeast(ApiVersion.SUPPORT_COUNT_INFO)) {
            body.put("count", count);
        }
        return body;
    }

    private static Response respond(Response.ResponseBuilder builder, Object body, Call call) {
        try {
            return OpenStackResponses.json(builder, JSON.writeValueAsString(body), call.context().requestId(), call.version())
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response body", e);
        }
    }
}
