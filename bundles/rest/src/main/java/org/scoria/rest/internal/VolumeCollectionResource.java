package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeSummary;
import org.scoria.volume.api.AttachmentService;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.TypeEncryptionService;
import org.scoria.volume.api.VolumeService;
import org.scoria.volume.api.VolumeTypeService;


/** Volumes of one project: create, list, detail, summary, show, update, delete. Created per request by {@link V3Resource}. */
public class VolumeCollectionResource {


    private final VolumeService volumes;
    private final AttachmentService attachments;
    private final VolumeTypeService types;
    private final TypeEncryptionService encryption;
    private final RequestReader reader;
    private final Authenticator auth;
    private final String pathProject;

    VolumeCollectionResource(VolumeService volumes, AttachmentService attachments, VolumeTypeService types,
            TypeEncryptionService encryption, RequestReader reader, Authenticator auth, String pathProject) {
        this.volumes = volumes;
        this.attachments = attachments;
        this.types = types;
        this.encryption = encryption;
        this.reader = reader;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    private ApiCall call(HttpHeaders headers, boolean listing, String resourceId) {
        return ApiCall.of(auth, headers, pathProject, listing, "Volume " + resourceId);
    }

    /** Volume views for the call: its version and caller, links from the request's base. */
    private VolumeViews views(ApiCall call, UriInfo uri) {
        return new VolumeViews(uri.getBaseUri(), pathProject, call.version(), call.context().admin(), types::labels,
                attachments::attachedTo);
    }

    @POST
    public Response create(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        ApiCall call = call(headers, true, null).authorize("volume:create");
        CreateVolumeRequest request = reader.readCreate(body);
        if (request.imageRef() != null) {
            call.authorize("volume:create_from_image");
        }
        Volume volume = volumes.create(call.context(), request);
        return call.json(Response.status(202), Map.of("volume", views(call, uri).created(volume)));
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, true, null).authorize("volume:get_all");
        return listed(call, uri, "volumes", VolumeViews::summaries);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, true, null).authorize("volume:get_all");
        return listed(call, uri, "volumes/detail", VolumeViews::details);
    }

    /** {@code volumes/summary}, from microversion 3.12: count and total size, as a list would select them. */
    @GET
    @Path("summary")
    public Response summary(@Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, true, null).authorize("volume:get_all");
        if (!call.version().atLeast(ApiVersion.VOLUME_SUMMARY)) {
            throw new ApiFault(404, "API version " + call.version() + " is not supported on this method.");
        }
        ResourceFilters.check("volume", uri.getQueryParameters(), call.version(), call.context().admin());
        VolumeListRequest request = VolumeListRequest.read(uri.getQueryParameters(), call.version())
                .withImageFilter(call.version(), call.context().admin());
        VolumeSummary summary = request.matchesNothing ? new VolumeSummary(0, 0, Map.of())
                : volumes.summarize(call.context(), request.query, request.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_size", summary.totalSizeGb());
        body.put("total_count", summary.totalCount());
        if (call.version().atLeast(ApiVersion.VOLUME_SUMMARY_METADATA)) {
            body.put("metadata", summary.metadata());
        }
        return call.json(Response.ok(), Map.of("volume-summary", body));
    }

    @GET
    @Path("{volume_id}")
    public Response show(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, false, volumeId).authorize("volume:get");
        Volume volume = volumes.get(call.context(), volumeId);
        return call.json(Response.ok(), Map.of("volume", views(call, uri).detail(volume)));
    }

    @PUT
    @Path("{volume_id}")
    public Response update(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri,
            InputStream body) throws IOException {
        ApiCall call = call(headers, false, volumeId).authorize("volume:update");
        RequestReader.VolumeUpdate update = reader.readUpdate(body);
        Volume volume = volumes.update(call.context(), volumeId, update.description(), update.metadata());
        return call.json(Response.ok(), Map.of("volume", views(call, uri).updated(volume)));
    }

    @POST
    @Path("{volume_id}/action")
    public Response action(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers,
            InputStream body) throws IOException {
        ApiCall call = call(headers, false, volumeId);
        VolumeActions.Result result = new VolumeActions(volumes, attachments, types).run(call.context(), call.version(), volumeId,
                reader.readAction(body));
        return result.body() == null ? call.empty(Response.status(result.status()))
                : call.json(Response.status(result.status()), result.body());
    }

    /**
     * Cinder's volume encryption metadata: the key's id (Scoria keeps none yet) and, for a volume
     * of an encrypted type, how the type encrypts.
     */
    @GET
    @Path("{volume_id}/encryption")
    public Response encryption(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, volumeId).authorize("volume_extension:volume_encryption_metadata");
        return call.json(Response.ok(), encryptionMetadata(call, volumeId));
    }

    /** One field of the encryption metadata, as Cinder answers it: the value as text, nothing for none. */
    @GET
    @Path("{volume_id}/encryption/{key}")
    public Response encryptionItem(@PathParam("volume_id") String volumeId, @PathParam("key") String key,
            @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, volumeId).authorize("volume_extension:volume_encryption_metadata");
        Map<String, Object> metadata = encryptionMetadata(call, volumeId);
        if (!metadata.containsKey(key)) {
            // Cinder fails with a 500 here; a key it does not have is not found.
            throw new ApiFault(404, "Volume " + volumeId + " has no encryption metadata " + key + ".");
        }
        Object value = metadata.get(key);
        return OpenStackResponses.headers(Response.ok(value == null ? "" : value.toString(),
                MediaType.TEXT_PLAIN_TYPE), call.context().requestId(), call.version()).build();
    }

    private Map<String, Object> encryptionMetadata(ApiCall call, String volumeId) {
        Volume volume = volumes.get(call.context(), volumeId);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("encryption_key_id", null);
        encryption.ofType(volume.volumeTypeId()).ifPresent(type -> {
            metadata.put("control_location", type.controlLocation());
            metadata.put("cipher", type.cipher());
            metadata.put("key_size", type.keySize());
            metadata.put("provider", type.provider());
        });
        return metadata;
    }

    @Path("{volume_id}/metadata")
    public MetadataResource metadata(@PathParam("volume_id") String volumeId) {
        return new MetadataResource(volumes::metadata, volumes::writeMetadata, volumes::deleteMetadata, reader,
                headers -> call(headers, false, volumeId), volumeId, "volume");
    }

    @DELETE
    @Path("{volume_id}")
    public Response delete(@PathParam("volume_id") String volumeId, @Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, false, volumeId).authorize("volume:delete");
        String cascade = uri.getQueryParameters().getFirst("cascade");
        volumes.delete(call.context(), volumeId, RequestReader.queryFlag(cascade, "cascade"));
        return call.empty(Response.status(202));
    }

    private Response listed(ApiCall call, UriInfo uri, String collection,
            BiFunction<VolumeViews, List<Volume>, List<Map<String, Object>>> view) {
        ResourceFilters.check("volume", uri.getQueryParameters(), call.version(), call.context().admin());
        VolumeListRequest request = VolumeListRequest.read(uri.getQueryParameters(), call.version())
                .withImageFilter(call.version(), call.context().admin());
        List<Volume> page = request.matchesNothing || request.emptyPage ? List.of()
                : volumes.query(call.context(), request.query, request.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumes", view.apply(views(call, uri), page));
        request.addNextLink(body, "volumes", uri, pathProject, collection, page.size(),
                () -> page.get(page.size() - 1).id());
        if (request.withCount) {
            body.put("count", request.matchesNothing ? 0 : volumes.count(call.context(), request.query, request.allProjects));
        }
        return call.json(Response.ok(), body);
    }
}
