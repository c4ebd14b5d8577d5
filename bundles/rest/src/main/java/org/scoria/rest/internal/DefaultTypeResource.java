package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.VolumeTypeService;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /default-types} (microversion 3.62): each project's own default volume type. */
public class DefaultTypeResource {

    private final VolumeTypeService types;
    private final RequestReader reader;
    private final Authenticator auth;

    DefaultTypeResource(VolumeTypeService types, RequestReader reader, Authenticator auth) {
        this.types = types;
        this.reader = reader;
        this.auth = auth;
    }

    private ApiCall call(HttpHeaders headers) {
        return ApiCall.global(auth, headers).requireVersion(ApiVersion.PROJECT_DEFAULT_TYPES);
    }

    @PUT
    @Path("{project}")
    public Response set(@PathParam("project") String project, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers);
        JsonNode defaultType = RequestReader.object(reader.readBody(body), "default_type");
        RequestReader.only(defaultType, "default_type", Set.of("volume_type"));
        JsonNode type = RequestReader.required(defaultType, "default_type", "volume_type");
        if (!type.isTextual() || type.asText().isEmpty() || type.asText().length() > 255) {
            throw RequestReader.invalid("volume_type", type, type + " is not a string of 1 to 255 characters");
        }
        String typeId = types.setProjectDefault(call.context(), project, type.asText());
        return call.json(Response.ok(), Map.of("default_type", view(project, typeId)));
    }

    @GET
    @Path("{project}")
    public Response show(@PathParam("project") String project, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        return call.json(Response.ok(), Map.of("default_type", view(project, types.projectDefault(call.context(), project))));
    }

    @GET
    public Response list(@Context HttpHeaders headers) {
        ApiCall call = call(headers);
        List<Map<String, String>> views = new ArrayList<>();
        types.projectDefaults(call.context()).forEach((project, typeId) -> views.add(view(project, typeId)));
        return call.json(Response.ok(), Map.of("default_types", views));
    }

    @DELETE
    @Path("{project}")
    public Response unset(@PathParam("project") String project, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        types.clearProjectDefault(call.context(), project);
        return call.empty(Response.noContent());
    }

    private static Map<String, String> view(String project, String typeId) {
        return Map.of("project_id", project, "volume_type_id", typeId);
    }
}
