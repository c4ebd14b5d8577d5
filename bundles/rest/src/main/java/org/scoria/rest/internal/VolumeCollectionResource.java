package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeSummary;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeService;
import org.scoria.volume.api.VolumeTypeService;


/** Volumes of one project: create, list, detail, summary, show, update, delete. Created per request by {@link V3Resource}. */
public class VolumeCollectionResource {


    private final VolumeService volumes;
    private final VolumeTypeService types;
    private final RequestReader reader;
    private final NoAuthContexts auth;
    private final String pathProject;

    VolumeCollectionResource(VolumeService volumes, VolumeTypeService types, RequestReader reader, NoAuthContexts auth,
            String pathProject) {
        this.volumes = volumes;
        this.types = types;
        this.reader = reader;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    /** One request's negotiated version, caller and link base. */
    private record Call(ApiVersion version, RequestContext context, VolumeViews views) {
    }

    private Call call(HttpHeaders headers, UriInfo uri, boolean listing, String resourceId) {
        ApiVersion version = ApiVersion.negotiate(headers);
        RequestContext context = auth.forRequest(headers, pathProject, listing, "Volume " + resourceId);
        URI base = uri.getBaseUri();
        return new Call(version, context, new VolumeViews(base, pathProject, version, context.admin(), types::names));
    }

    @POST
    public Response create(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        Call call = call(headers, uri, true, null);
        Volume volume = volumes.create(call.context(), reader.readCreate(body));
        return respond(Response.status(202), Map.of("volume", call.views().created(volume)), call);
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, true, null);
        return listed(call, uri, "volumes", VolumeViews::summaries);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, true, null);
        return listed(call, uri, "volumes/detail", VolumeViews::details);
    }

    /** {@code volumes/summary}, from microversion 3.12: count and total size, as a list would select them. */
    @GET
    @Path("summary")
    public Response summary(@Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, true, null);
        if (!call.version().atLeast(ApiVersion.VOLUME_SUMMARY)) {
            throw new ApiFault(404, "API version " + call.version() + " is not supported on this method.");
        }
        ResourceFilters.check("volume", uri.getQueryParameters(), call.version(), call.context().admin());
        VolumeListRequest request = VolumeListRequest.read(uri.getQueryParameters(), call.version());
        VolumeSummary summary = request.matchesNothing ? new VolumeSummary(0, 0, Map.of())
                : volumes.summarize(call.context(), request.query, request.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_size", summary.totalSizeGb());
        body.put("total_count", summary.totalCount());
        if (call.version().atLeast(ApiVersion.VOLUME_SUMMARY_METADATA)) {
            body.put("metadata", summary.metadata());
        }
        return respond(Response.ok(), Map.of("volume-summary", body), call);
    }

    @GET
    @Path("{volume_id}")
    public Response show(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        Volume volume = volumes.get(call.context(), volumeId);
        return respond(Response.ok(), Map.of("volume", call.views().detail(volume)), call);
    }

    @PUT
    @Path("{volume_id}")
    public Response update(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri,
            InputStream body) throws IOException {
        Call call = call(headers, uri, false, volumeId);
        RequestReader.VolumeUpdate update = reader.readUpdate(body);
        Volume volume = volumes.update(call.context(), volumeId, update.description(), update.metadata());
        return respond(Response.ok(), Map.of("volume", call.views().detail(volume)), call);
    }

    @POST
    @Path("{volume_id}/action")
    public Response action(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri,
            InputStream body) throws IOException {
        Call call = call(headers, uri, false, volumeId);
        int status = new VolumeActions(volumes).run(call.context(), call.version(), volumeId, reader.readAction(body));
        return OpenStackResponses.headers(Response.status(status), call.context().requestId(), call.version()).build();
    }

    @GET
    @Path("{volume_id}/metadata")
    public Response metadata(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        return respond(Response.ok(), Map.of("metadata", volumes.metadata(call.context(), volumeId)), call);
    }

    /** Adds pairs to the volume's metadata, or changes their values; answers with all of it. */
    @POST
    @Path("{volume_id}/metadata")
    public Response addMetadata(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers,
            @Context UriInfo uri, InputStream body) throws IOException {
        return writeMetadata(volumeId, headers, uri, body, false);
    }

    /** Replaces the volume's metadata. */
    @PUT
    @Path("{volume_id}/metadata")
    public Response replaceMetadata(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers,
            @Context UriInfo uri, InputStream body) throws IOException {
        return writeMetadata(volumeId, headers, uri, body, true);
    }

    private Response writeMetadata(String volumeId, HttpHeaders headers, UriInfo uri, InputStream body, boolean replace)
            throws IOException {
        Call call = call(headers, uri, false, volumeId);
        Map<String, String> metadata = volumes.writeMetadata(call.context(), volumeId, reader.readMetadata(body), replace);
        return respond(Response.ok(), Map.of("metadata", metadata), call);
    }

    @GET
    @Path("{volume_id}/metadata/{key}")
    public Response metadataItem(@PathParam("volume_id") String volumeId, @PathParam("key") String key,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        String value = volumes.metadata(call.context(), volumeId).get(key);
        if (value == null) {
            throw new ApiFault(404, "Metadata item was not found");
        }
        return respond(Response.ok(), Map.of("meta", Map.of(key, value)), call);
    }

    @PUT
    @Path("{volume_id}/metadata/{key}")
    public Response setMetadataItem(@PathParam("volume_id") String volumeId, @PathParam("key") String key,
            @Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        Call call = call(headers, uri, false, volumeId);
        Map<String, String> item = reader.readMetadataItem(body, key);
        volumes.writeMetadata(call.context(), volumeId, item, false);
        return respond(Response.ok(), Map.of("meta", item), call);
    }

    @DELETE
    @Path("{volume_id}/metadata/{key}")
    public Response deleteMetadataItem(@PathParam("volume_id") String volumeId, @PathParam("key") String key,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        volumes.deleteMetadata(call.context(), volumeId, key);
        return OpenStackResponses.headers(Response.ok(), call.context().requestId(), call.version()).build();
    }

    @DELETE
    @Path("{volume_id}")
    public Response delete(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        Call call = call(headers, uri, false, volumeId);
        String cascade = uri.getQueryParameters().getFirst("cascade");
        volumes.delete(call.context(), volumeId, cascade != null && Boolean.parseBoolean(cascade.trim()));
        return OpenStackResponses.headers(Response.status(202), call.context().requestId(), call.version()).build();
    }

    private Response listed(Call call, UriInfo uri, String collection,
            BiFunction<VolumeViews, List<Volume>, List<Map<String, Object>>> view) {
        ResourceFilters.check("volume", uri.getQueryParameters(), call.version(), call.context().admin());
        VolumeListRequest request = VolumeListRequest.read(uri.getQueryParameters(), call.version());
        List<Volume> page = request.matchesNothing ? List.of()
                : volumes.query(call.context(), request.query, request.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumes", view.apply(call.views(), page));
        if (!page.isEmpty() && page.size() == request.query.limit()) {
            String url = uri.getBaseUri() + "v3/" + (pathProject == null ? "" : pathProject + "/") + collection;
            body.put("volumes_links", List.of(Map.of("rel", "next",
                    "href", request.nextLink(url, page.get(page.size() - 1).id()))));
        }
        if (request.withCount) {
            body.put("count", request.matchesNothing ? 0 : volumes.count(call.context(), request.query, request.allProjects));
        }
        return respond(Response.ok(), body, call);
    }

    private static Response respond(Response.ResponseBuilder builder, Object body, Call call) {
        return OpenStackResponses.json(builder, body, call.context().requestId(), call.version());
    }
}
