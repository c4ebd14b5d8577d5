package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupQuery;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.VolumeDescription;
import org.scoria.volume.api.BackupService;

/** Backups of one project: create, list, detail, show, delete, restore, reset status. */
public class BackupResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BackupService backups;
    private final RequestReader reader;
    private final Authenticator auth;
    private final String pathProject;

    BackupResource(BackupService backups, RequestReader reader, Authenticator auth, String pathProject) {
        this.backups = backups;
        this.reader = reader;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    private ApiCall call(HttpHeaders headers, boolean listing, String backupId) {
        return ApiCall.of(auth, headers, pathProject, listing, "Backup " + backupId);
    }

    @POST
    public Response create(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        ApiCall call = call(headers, true, null).authorize("backup:create");
        return accepted(call, uri, 202, backups.create(call.context(), reader.readCreateBackup(body)));
    }

    /** What a create or an import answers: the backup's summary view (id, name, links). */
    private Response accepted(ApiCall call, UriInfo uri, int status, Backup backup) {
        return call.json(Response.status(status), Map.of("backup", BackupViews.view(backup, call, uri.getBaseUri(), pathProject, false)));
    }

    /** Cinder's {@code import_record}: the backup is recorded and checked against its store by a backup manager. */
    @POST
    @Path("import_record")
    public Response importRecord(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        ApiCall call = call(headers, true, null);
        JsonNode record = RequestReader.object(reader.readBody(body), "backup-record");
        return accepted(call, uri, 201, backups.importRecord(call.context(), new BackupService.ExportedRecord(
                RequestReader.text(record, "backup_service"), RequestReader.text(record, "backup_url"))));
    }

    @GET
    @Path("{backup_id}/export_record")
    public Response exportRecord(@PathParam("backup_id") String backupId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, backupId);
        BackupService.ExportedRecord record = backups.exportRecord(call.context(), backupId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("backup_service", record.service());
        view.put("backup_url", record.url());
        return call.json(Response.ok(), Map.of("backup-record", view));
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers, true, null).authorize("backup:get_all"), uri, "backups", false);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers, true, null).authorize("backup:get_all"), uri, "backups/detail", true);
    }

    @GET
    @Path("{backup_id}")
    public Response show(@PathParam("backup_id") String backupId, @Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, false, backupId).authorize("backup:get");
        return call.json(Response.ok(), Map.of("backup", BackupViews.view(backups.get(call.context(), backupId), call, uri.getBaseUri(), pathProject, true)));
    }

    /** Cinder's 3.9 update: name and description, and from 3.43 the metadata; answers the summary view. */
    @PUT
    @Path("{backup_id}")
    public Response update(@PathParam("backup_id") String backupId, @Context HttpHeaders headers, @Context UriInfo uri,
            InputStream body) throws IOException {
        ApiCall call = call(headers, false, backupId).requireVersion(ApiVersion.BACKUP_UPDATE);
        JsonNode root = reader.readBody(body);
        if (!root.has("backup")) {
            throw RequestReader.invalid("backup", null, "'backup' is a required property");
        }
        JsonNode backup = root.get("backup").isNull() ? JSON.createObjectNode() : RequestReader.object(root, "backup");
        boolean withMetadata = call.version().atLeast(ApiVersion.BACKUP_METADATA);
        RequestReader.only(backup, "backup", withMetadata ? Set.of("name", "description", "metadata")
                : Set.of("name", "description"));
        Backup updated = backups.update(call.context(), backupId, new VolumeDescription(backup.has("name"),
                RequestReader.text(backup, "name"), backup.has("description"), RequestReader.text(backup, "description")),
                withMetadata ? RequestReader.metadata(backup.get("metadata"), true) : null);
        return call.json(Response.ok(), Map.of("backup", BackupViews.view(updated, call, uri.getBaseUri(), pathProject, false)));
    }

    @DELETE
    @Path("{backup_id}")
    public Response delete(@PathParam("backup_id") String backupId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, backupId).authorize("backup:delete");
        backups.delete(call.context(), backupId);
        return call.empty(Response.status(202));
    }

    @POST
    @Path("{backup_id}/restore")
    public Response restore(@PathParam("backup_id") String backupId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers, false, backupId).authorize("backup:restore");
        JsonNode restore = reader.readRestore(body);
        BackupService.Restore restored = backups.restore(call.context(), backupId, RequestReader.text(restore, "volume_id"),
                RequestReader.text(restore, "name"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("backup_id", restored.backupId());
        view.put("volume_id", restored.volumeId());
        view.put("volume_name", restored.volumeName());
        return call.json(Response.status(202), Map.of("restore", view));
    }

    /** The administrators' backup actions: {@code os-reset_status} and {@code os-force_delete}. */
    @POST
    @Path("{backup_id}/action")
    public Response action(@PathParam("backup_id") String backupId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers, false, backupId);
        Map.Entry<String, JsonNode> action = reader.readAction(body);
        switch (action.getKey()) {
            case "os-reset_status" -> {
                JsonNode status = action.getValue() == null ? null : action.getValue().get("status");
                BackupStatus target = status == null || !status.isTextual() ? null
                        : BackupStatus.fromWireName(status.asText().toLowerCase(Locale.ROOT));
                if (target != BackupStatus.AVAILABLE && target != BackupStatus.ERROR) {
                    throw RequestReader.invalid("status", status, status + " is not one of ['available', 'error']");
                }
                backups.resetStatus(call.context(), backupId, target);
            }
            case "os-force_delete" -> backups.forceDelete(call.context(), backupId);
            default -> throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
        return call.empty(Response.status(202));
    }

    private Response listed(ApiCall call, UriInfo uri, String collection, boolean detail) {
        ResourceFilters.check("backup", uri.getQueryParameters(), call.version(), call.context().admin());
        VolumeListRequest request = VolumeListRequest.read(uri.getQueryParameters(), call.version());
        request.refuseZoneSort();
        String statusText = uri.getQueryParameters().getFirst("status");
        BackupStatus status = statusText == null ? null : BackupStatus.fromWireName(statusText.toLowerCase(Locale.ROOT));
        BackupQuery query = new BackupQuery(request.query.projectId(), uri.getQueryParameters().getFirst("volume_id"),
                request.query.name(), status, request.query.metadata(), request.query.sort(), request.query.marker(),
                request.query.offset(), request.query.limit());
        boolean matchesNothing = statusText != null && status == null;
        List<Backup> page = matchesNothing || request.emptyPage ? List.of() : backups.query(call.context(), query, request.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backups", page.stream().map(backup -> BackupViews.view(backup, call, uri.getBaseUri(), pathProject, detail)).toList());
        request.addNextLink(body, "backups", uri, pathProject, collection, page.size(),
                () -> page.get(page.size() - 1).id());
        if (request.withCount) {
            body.put("count", matchesNothing ? 0 : backups.count(call.context(), query, request.allProjects));
        }
        return call.json(Response.ok(), body);
    }
}
