package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotQuery;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.volume.api.CreateSnapshotRequest;
import org.scoria.volume.api.SnapshotService;

import com.fasterxml.jackson.databind.JsonNode;

/** Snapshots of one project: create, list, detail, show, update, delete, reset status, metadata. */
public class SnapshotCollectionResource {


    private final SnapshotService snapshots;
    private final RequestReader reader;
    private final Authenticator auth;
    private final String pathProject;

    SnapshotCollectionResource(SnapshotService snapshots, RequestReader reader, Authenticator auth,
            String pathProject) {
        this.snapshots = snapshots;
        this.reader = reader;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    private ApiCall call(HttpHeaders headers, boolean listing, String snapshotId) {
        return ApiCall.of(auth, headers, pathProject, listing, "Snapshot " + snapshotId);
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = call(headers, true, null).authorize("volume:create_snapshot");
        CreateSnapshotRequest request = reader.readCreateSnapshot(body);
        Snapshot snapshot = snapshots.create(call.context(), request);
        return call.json(Response.status(202), Map.of("snapshot", SnapshotViews.detail(snapshot, call, false)));
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers, true, null).authorize("volume:get_all_snapshots"), uri, "snapshots", false);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers, true, null).authorize("volume:get_all_snapshots"), uri, "snapshots/detail", true);
    }

    @GET
    @Path("{snapshot_id}")
    public Response show(@PathParam("snapshot_id") String snapshotId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, snapshotId).authorize("volume:get_snapshot");
        return call.json(Response.ok(), Map.of("snapshot", SnapshotViews.detail(snapshots.get(call.context(), snapshotId), call, true)));
    }

    @PUT
    @Path("{snapshot_id}")
    public Response update(@PathParam("snapshot_id") String snapshotId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers, false, snapshotId).authorize("volume:update_snapshot");
        Snapshot snapshot = snapshots.update(call.context(), snapshotId, reader.readSnapshotUpdate(body));
        // Cinder extends show and the detailed list with the extended attributes, not update.
        return call.json(Response.ok(), Map.of("snapshot", SnapshotViews.detail(snapshot, call, false)));
    }

    @DELETE
    @Path("{snapshot_id}")
    public Response delete(@PathParam("snapshot_id") String snapshotId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, snapshotId).authorize("volume:delete_snapshot");
        snapshots.delete(call.context(), snapshotId);
        return call.empty(Response.status(202));
    }

    /** {@code os-reset_status} and {@code os-force_delete} (administrators), {@code os-update_snapshot_status}. */
    @POST
    @Path("{snapshot_id}/action")
    public Response action(@PathParam("snapshot_id") String snapshotId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers, false, snapshotId);
        Map.Entry<String, JsonNode> action = reader.readAction(body);
        JsonNode arguments = action.getValue();
        switch (action.getKey()) {
            case "os-reset_status" -> snapshots.resetStatus(call.context(), snapshotId, status(arguments,
                    EnumSet.complementOf(EnumSet.of(SnapshotStatus.DELETED))));
            case "os-force_delete" -> snapshots.forceDelete(call.context(), snapshotId);
            case "os-update_snapshot_status" -> {
                RequestReader.only(arguments, "os-update_snapshot_status", Set.of("status", "progress"));
                snapshots.reportStatus(call.context(), snapshotId, status(arguments, EnumSet.of(SnapshotStatus.CREATING,
                        SnapshotStatus.AVAILABLE, SnapshotStatus.ERROR, SnapshotStatus.DELETING,
                        SnapshotStatus.ERROR_DELETING)), progress(arguments.get("progress")));
            }
            default -> throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
        return call.empty(Response.status(202));
    }

    /** Cinder's progress format: an integer percentage from 0% to 100%; none when absent or empty. */
    private static String progress(JsonNode progress) {
        if (progress == null || progress.isNull() || progress.isTextual() && progress.asText().isEmpty()) {
            return null;
        }
        String text = progress.isTextual() ? progress.asText() : "";
        if (!text.matches("-?[0-9]{1,9}%?")) {
            throw new ApiFault(400, "Invalid input received: progress must be an integer percentage");
        }
        int percent = Integer.parseInt(text.substring(0, text.length() - (text.endsWith("%") ? 1 : 0)));
        if (percent < 0 || percent > 100 || !text.endsWith("%")) {
            throw new ApiFault(400, "Invalid input received: progress must be an integer percentage between 0 and 100");
        }
        return text;
    }

    /** The action's {@code status}, one of {@code allowed}, as Cinder's schema checks it. */
    private static SnapshotStatus status(JsonNode arguments, Set<SnapshotStatus> allowed) {
        JsonNode status = arguments == null ? null : arguments.get("status");
        SnapshotStatus target = status == null || !status.isTextual() ? null
                : SnapshotStatus.fromWireName(status.asText().toLowerCase(Locale.ROOT));
        if (target == null || !allowed.contains(target)) {
            throw RequestReader.invalid("status", status, status + " is not one of " + allowed.stream()
                    .map(value -> "'" + value.wireName() + "'").sorted().toList());
        }
        return target;
    }

    @Path("{snapshot_id}/metadata")
    public MetadataResource metadata(@PathParam("snapshot_id") String snapshotId) {
        return new MetadataResource((context, id) -> snapshots.get(context, id).metadata(), snapshots::writeMetadata,
                snapshots::deleteMetadata, reader, headers -> call(headers, false, snapshotId), snapshotId, "snapshot");
    }

    private Response listed(ApiCall call, UriInfo uri, String collection, boolean detail) {
        ResourceFilters.check("snapshot", uri.getQueryParameters(), call.version(), call.context().admin());
        VolumeListRequest request = VolumeListRequest.read(uri.getQueryParameters(), call.version());
        request.refuseZoneSort();
        String statusText = uri.getQueryParameters().getFirst("status");
        SnapshotStatus status = statusText == null ? null : SnapshotStatus.fromWireName(statusText.toLowerCase(Locale.ROOT));
        SnapshotQuery query = new SnapshotQuery(request.query.projectId(), uri.getQueryParameters().getFirst("volume_id"),
                request.query.name(), request.query.nameContains(), status, request.query.metadata(),
                request.query.sort(), request.query.marker(), request.query.offset(), request.query.limit());
        boolean matchesNothing = statusText != null && status == null;
        List<Snapshot> page = matchesNothing || request.emptyPage ? List.of() : snapshots.query(call.context(), query, request.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("snapshots", page.stream().map(snapshot -> detail ? SnapshotViews.detail(snapshot, call, true) : SnapshotViews.summary(snapshot)).toList());
        request.addNextLink(body, "snapshots", uri, pathProject, collection, page.size(),
                () -> page.get(page.size() - 1).id());
        if (request.withCount) {
            body.put("count", matchesNothing ? 0 : snapshots.count(call.context(), query, request.allProjects));
        }
        return call.json(Response.ok(), body);
    }
}
