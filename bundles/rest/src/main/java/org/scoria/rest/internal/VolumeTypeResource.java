package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
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
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.persistence.VolumeType;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.TypeEncryptionService;
import org.scoria.volume.api.VolumeTypeService;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /types}: volume types, their extra specs and access, and the caller's default type. */
public class VolumeTypeResource {

    private static final String IS_PUBLIC = VolumeTypeViews.IS_PUBLIC;

    private final VolumeTypeService types;
    private final TypeEncryptionService encryption;
    private final RequestReader reader;
    private final Authenticator auth;

    VolumeTypeResource(VolumeTypeService types, TypeEncryptionService encryption, RequestReader reader,
            Authenticator auth) {
        this.types = types;
        this.encryption = encryption;
        this.reader = reader;
        this.auth = auth;
    }

    @Path("{type_id}/encryption")
    public TypeEncryptionResource encryption(@PathParam("type_id") String typeId) {
        return new TypeEncryptionResource(encryption, reader, auth, typeId);
    }

    private ApiCall call(HttpHeaders headers) {
        return ApiCall.global(auth, headers);
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = call(headers);
        JsonNode type = RequestReader.object(reader.readBody(body), "volume_type");
        RequestReader.only(type, "volume_type", Set.of("name", "description", IS_PUBLIC, "extra_specs"));
        JsonNode isPublic = type.get(IS_PUBLIC);
        VolumeType created = types.create(call.context(), RequestReader.text(type, "name"),
                RequestReader.text(type, "description"),
                isPublic == null || isPublic.isNull() ? null : RequestReader.bool(isPublic, IS_PUBLIC),
                RequestReader.metadata(type.get("extra_specs"), true));
        return call.json(Response.ok(), Map.of("volume_type", VolumeTypeViews.created(created, types.visibleExtraSpecs(call.context(), created))));
    }

    @GET
    public Response list(@QueryParam("is_public") String isPublic, @Context HttpHeaders headers) {
        ApiCall call = call(headers).authorize("volume_extension:type_get_all");
        Boolean filter;
        if (isPublic == null) {
            filter = true;
        } else if (isPublic.toLowerCase(Locale.ROOT).equals("none")) {
            filter = null;
        } else {
            filter = RequestReader.queryFlag(isPublic, "is_public");
        }
        List<Map<String, Object>> views = types.list(call.context(), filter).stream()
                .map(type -> shown(type, call.context())).toList();
        return call.json(Response.ok(), Map.of("volume_types", views));
    }

    @GET
    @Path("default")
    public Response defaultType(@Context HttpHeaders headers) {
        ApiCall call = call(headers).authorize("volume_extension:type_get");
        return call.json(Response.ok(), Map.of("volume_type", shown(types.defaultType(call.context()), call.context())));
    }

    @GET
    @Path("{type_id}")
    public Response show(@PathParam("type_id") String typeId, @Context HttpHeaders headers) {
        ApiCall call = call(headers).authorize("volume_extension:type_get");
        return call.json(Response.ok(), Map.of("volume_type", shown(types.get(call.context(), typeId), call.context())));
    }

    @PUT
    @Path("{type_id}")
    public Response update(@PathParam("type_id") String typeId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers);
        JsonNode type = RequestReader.object(reader.readBody(body), "volume_type");
        RequestReader.only(type, "volume_type", Set.of("name", "description", "is_public"));
        JsonNode isPublic = type.get("is_public");
        VolumeType updated = types.update(call.context(), typeId, RequestReader.text(type, "name"),
                RequestReader.text(type, "description"),
                isPublic == null || isPublic.isNull() ? null : RequestReader.bool(isPublic, "is_public"));
        return call.json(Response.ok(), Map.of("volume_type", VolumeTypeViews.updated(updated, types.visibleExtraSpecs(call.context(), updated))));
    }

    @DELETE
    @Path("{type_id}")
    public Response delete(@PathParam("type_id") String typeId, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        types.delete(call.context(), typeId);
        return call.empty(Response.status(202));
    }

    @GET
    @Path("{type_id}/extra_specs")
    public Response extraSpecs(@PathParam("type_id") String typeId, @Context HttpHeaders headers) {
        ApiCall call = call(headers).authorize("volume_extension:types_extra_specs:index");
        VolumeType type = types.get(call.context(), typeId);
        return call.json(Response.ok(), Map.of("extra_specs", types.visibleExtraSpecs(call.context(), type)));
    }

    @POST
    @Path("{type_id}/extra_specs")
    public Response writeExtraSpecs(@PathParam("type_id") String typeId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers);
        JsonNode root = reader.readBody(body);
        RequestReader.required(root, "extra_specs", "extra_specs");
        Map<String, String> written = types.writeExtraSpecs(call.context(), typeId,
                RequestReader.metadata(root.get("extra_specs"), false));
        return call.json(Response.ok(), Map.of("extra_specs", written));
    }

    @GET
    @Path("{type_id}/extra_specs/{key}")
    public Response extraSpec(@PathParam("type_id") String typeId, @PathParam("key") String key,
            @Context HttpHeaders headers) {
        ApiCall call = call(headers).authorize("volume_extension:types_extra_specs:show");
        String value = types.visibleExtraSpecs(call.context(), types.get(call.context(), typeId)).get(key);
        if (value == null) {
            throw new ApiFault(404, "Volume Type " + typeId + " has no extra specs with key " + key + ".");
        }
        return call.json(Response.ok(), Map.of(key, value));
    }

    @PUT
    @Path("{type_id}/extra_specs/{key}")
    public Response writeExtraSpec(@PathParam("type_id") String typeId, @PathParam("key") String key,
            @Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = call(headers);
        JsonNode root = reader.readBody(body);
        if (root.size() > 1) {
            throw new ApiFault(400, "Request body contains too many items.");
        }
        if (!root.has(key)) {
            throw new ApiFault(400, "Request body and URI mismatch");
        }
        Map<String, String> spec = RequestReader.metadata(root, false);
        return call.json(Response.ok(), types.writeExtraSpecs(call.context(), typeId, spec));
    }

    @DELETE
    @Path("{type_id}/extra_specs/{key}")
    public Response deleteExtraSpec(@PathParam("type_id") String typeId, @PathParam("key") String key,
            @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        types.deleteExtraSpec(call.context(), typeId, key);
        return call.empty(Response.status(202));
    }

    /** {@code addProjectAccess} and {@code removeProjectAccess}. */
    @POST
    @Path("{type_id}/action")
    public Response action(@PathParam("type_id") String typeId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers);
        Map.Entry<String, JsonNode> action = reader.readAction(body);
        String project = RequestReader.required(action.getValue(), action.getKey(), "project").asText();
        switch (action.getKey()) {
            case "addProjectAccess" -> types.addProject(call.context(), typeId, project);
            case "removeProjectAccess" -> types.removeProject(call.context(), typeId, project);
            default -> throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
        return call.empty(Response.status(202));
    }

    @GET
    @Path("{type_id}/os-volume-type-access")
    public Response access(@PathParam("type_id") String typeId, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        List<Map<String, String>> access = types.projects(call.context(), typeId).stream()
                .map(project -> Map.of("volume_type_id", typeId, "project_id", project)).toList();
        return call.json(Response.ok(), Map.of("volume_type_access", access));
    }

    private Map<String, Object> shown(VolumeType type, RequestContext context) {
        return VolumeTypeViews.shown(type, types.visibleExtraSpecs(context, type), context.admin());
    }
}
