package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;
import org.scoria.volume.api.AttachmentService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cinder's attachments API (microversion 3.27; {@code os-complete} 3.44, {@code mode} 3.54):
 * reserve, connect, complete and delete attachments of one project's volumes.
 */
public class AttachmentResource {

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AttachmentService attachments;
    private final RequestReader reader;
    private final Authenticator auth;
    private final String pathProject;

    AttachmentResource(AttachmentService attachments, RequestReader reader, Authenticator auth, String pathProject) {
        this.attachments = attachments;
        this.reader = reader;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    private ApiCall call(HttpHeaders headers, boolean listing, String attachmentId) {
        return ApiCall.of(auth, headers, pathProject, listing, "Volume attachment " + attachmentId)
                .requireVersion(ApiVersion.NEW_ATTACH);
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = call(headers, true, null).authorize("volume:attachment_create");
        JsonNode attachment = RequestReader.object(reader.readBody(body), "attachment");
        boolean withMode = call.version().atLeast(ApiVersion.ATTACHMENT_CREATE_MODE_ARG);
        RequestReader.only(attachment, "attachment", withMode ? Set.of("volume_uuid", "instance_uuid", "connector", "mode")
                : Set.of("volume_uuid", "instance_uuid", "connector"));
        String volumeId = uuid(RequestReader.required(attachment, "attachment", "volume_uuid"), "volume_uuid");
        JsonNode instance = attachment.get("instance_uuid");
        String instanceUuid = instance == null || instance.isNull() ? null : uuid(instance, "instance_uuid");
        JsonNode connector = attachment.get("connector");
        String mode = null;
        JsonNode modeNode = attachment.get("mode");
        if (modeNode != null) {
            if (!modeNode.isTextual() || !Set.of(Attachment.READ_WRITE, Attachment.READ_ONLY).contains(modeNode.asText())) {
                throw RequestReader.invalid("mode", modeNode, modeNode + " is not one of ['rw', 'ro']");
            }
            mode = modeNode.asText();
        }
        Attachment created = attachments.create(call.context(), volumeId, instanceUuid,
                connector == null || connector.isNull() ? null : connector(connector), mode);
        return call.json(Response.ok(), Map.of("attachment", detail(created)));
    }

    @GET
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers, true, null).authorize("volume:attachment_get_all"), uri, false);
    }

    @GET
    @Path("detail")
    public Response detail(@Context HttpHeaders headers, @Context UriInfo uri) {
        return listed(call(headers, true, null).authorize("volume:attachment_get_all"), uri, true);
    }

    @GET
    @Path("{attachment_id}")
    public Response show(@PathParam("attachment_id") String attachmentId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, attachmentId).authorize("volume:attachment_get");
        return call.json(Response.ok(), Map.of("attachment", detail(attachments.get(call.context(), attachmentId))));
    }

    @PUT
    @Path("{attachment_id}")
    public Response update(@PathParam("attachment_id") String attachmentId, @Context HttpHeaders headers,
            InputStream body) throws IOException {
        ApiCall call = call(headers, false, attachmentId).authorize("volume:attachment_update");
        JsonNode attachment = RequestReader.object(reader.readBody(body), "attachment");
        RequestReader.only(attachment, "attachment", Set.of("connector"));
        JsonNode connector = RequestReader.required(attachment, "attachment", "connector");
        if (connector.isObject() && connector.isEmpty()) {
            throw RequestReader.invalid("connector", connector, "{} does not have enough properties");
        }
        Attachment updated = attachments.update(call.context(), attachmentId, connector(connector));
        return call.json(Response.ok(), Map.of("attachment", detail(updated)));
    }

    /** {@code os-complete} (3.44), the one attachment action. */
    @POST
    @Path("{attachment_id}/action")
    public Response action(@PathParam("attachment_id") String attachmentId, @Context HttpHeaders headers,
            InputStream body) throws IOException {
        ApiCall call = call(headers, false, attachmentId).authorize("volume:attachment_complete");
        Map.Entry<String, JsonNode> action = reader.readAction(body);
        if (!action.getKey().equals("os-complete") || !call.version().atLeast(ApiVersion.NEW_ATTACH_COMPLETION)) {
            throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
        attachments.complete(call.context(), attachmentId);
        return call.empty(Response.noContent());
    }

    @DELETE
    @Path("{attachment_id}")
    public Response delete(@PathParam("attachment_id") String attachmentId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, attachmentId).authorize("volume:attachment_delete");
        List<Attachment> left = attachments.delete(call.context(), attachmentId);
        return call.json(Response.ok(), Map.of("attachments", left.stream().map(AttachmentResource::summary).toList()));
    }

    private Response listed(ApiCall call, UriInfo uri, boolean detail) {
        MultivaluedMap<String, String> parameters = uri.getQueryParameters();
        ResourceFilters.check("attachment", parameters, call.version(), call.context().admin());
        VolumeListRequest paging = VolumeListRequest.read(parameters, call.version());
        String statusText = parameters.getFirst("attach_status") != null ? parameters.getFirst("attach_status")
                : parameters.getFirst("status");
        AttachStatus status = statusText == null ? null : AttachStatus.fromWireName(statusText.toLowerCase(Locale.ROOT));
        AttachmentQuery query = new AttachmentQuery(paging.query.projectId(), parameters.getFirst("volume_id"), status,
                parameters.getFirst("instance_id"), paging.query.marker(), paging.query.offset(), paging.query.limit());
        List<Attachment> page = statusText != null && status == null || paging.emptyPage ? List.of()
                : attachments.query(call.context(), query, paging.allProjects);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attachments", page.stream().map(detail ? AttachmentResource::detail : AttachmentResource::summary)
                .toList());
        paging.addNextLink(body, "attachments", uri, pathProject, detail ? "attachments/detail" : "attachments",
                page.size(), () -> page.get(page.size() - 1).id());
        return call.json(Response.ok(), body);
    }

    static Map<String, Object> summary(Attachment attachment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", attachment.id());
        view.put("status", attachment.status().wireName());
        view.put("instance", attachment.instanceUuid());
        view.put("volume_id", attachment.volumeId());
        return view;
    }

    /** Cinder's detail: times as {@code ''} when unset, and the mode {@code null} (a string) until a connector set it. */
    static Map<String, Object> detail(Attachment attachment) {
        Map<String, Object> view = summary(attachment);
        view.put("attached_at", attachment.attachedAt() == null ? "" : OpenStackResponses.time(attachment.attachedAt()));
        view.put("detached_at", attachment.detachedAt() == null ? "" : OpenStackResponses.time(attachment.detachedAt()));
        view.put("attach_mode", attachment.attachMode() == null ? "null" : attachment.attachMode());
        view.put("connection_info", attachment.connectionInfo() == null ? Map.of() : object(attachment.connectionInfo()));
        return view;
    }

    /** A connector: a JSON object (an object's keys are os-brick's: host, ip, initiator…). */
    static Map<String, Object> connector(JsonNode connector) {
        if (!connector.isObject()) {
            throw RequestReader.invalid("connector", connector, connector + " is not of type 'object'");
        }
        return JSON.convertValue(connector, new TypeReference<Map<String, Object>>() {
        });
    }

    private static Map<String, Object> object(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored connection info cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static String uuid(JsonNode value, String field) {
        if (!value.isTextual() || !UUID.matcher(value.asText()).matches()) {
            throw RequestReader.invalid(field, value, value + " is not a 'uuid'");
        }
        return value.asText();
    }
}
