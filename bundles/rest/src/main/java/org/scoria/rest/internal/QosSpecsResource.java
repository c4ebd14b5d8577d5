package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.QosSpecs;
import org.scoria.volume.api.QosSpecsService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code /qos-specs}: QoS specs, their keys, and their association with volume types. */
public class QosSpecsResource {

    private final QosSpecsService qos;
    private final RequestReader reader;
    private final Authenticator auth;
    private final String pathProject;

    QosSpecsResource(QosSpecsService qos, RequestReader reader, Authenticator auth, String pathProject) {
        this.qos = qos;
        this.reader = reader;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    private ApiCall call(HttpHeaders headers) {
        return ApiCall.global(auth, headers);
    }

    @POST
    public Response create(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) throws IOException {
        ApiCall call = call(headers);
        ObjectNode specs = ((ObjectNode) RequestReader.object(reader.readBody(body), "qos_specs")).deepCopy();
        JsonNode name = RequestReader.required(specs, "qos_specs", "name");
        if (!name.isTextual()) {
            throw RequestReader.invalid("name", name, name + " is not of type 'string'");
        }
        specs.remove("name");
        QosSpecs created = qos.create(call.context(), name.asText(), keys(specs));
        return call.json(Response.ok(), detail(created, uri.getBaseUri(), pathProject));
    }

    @GET
    public Response list(@Context HttpHeaders headers) {
        ApiCall call = call(headers);
        return call.json(Response.ok(), Map.of("qos_specs", qos.list(call.context()).stream().map(QosSpecsResource::view)
                .toList()));
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id, @Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers);
        return call.json(Response.ok(), detail(qos.get(call.context(), id), uri.getBaseUri(), pathProject));
    }

    /** Adds or changes keys; answers with the keys written, as Cinder does. */
    @PUT
    @Path("{id}")
    public Response update(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = call(headers);
        Map<String, String> keys = keys(RequestReader.object(reader.readBody(body), "qos_specs"));
        return call.json(Response.ok(), Map.of("qos_specs", qos.update(call.context(), id, keys)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("force") String force, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        qos.delete(call.context(), id, RequestReader.queryFlag(force, "force"));
        return call.empty(Response.status(202));
    }

    @PUT
    @Path("{id}/delete_keys")
    public Response deleteKeys(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers);
        JsonNode keys = RequestReader.required(reader.readBody(body), "qos_specs", "keys");
        if (!keys.isArray()) {
            throw RequestReader.invalid("keys", keys, keys + " is not of type 'array'");
        }
        List<String> names = new ArrayList<>();
        keys.forEach(key -> names.add(key.asText()));
        qos.deleteKeys(call.context(), id, names);
        return call.empty(Response.status(202));
    }

    @GET
    @Path("{id}/associations")
    public Response associations(@PathParam("id") String id, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        List<Map<String, String>> associations = qos.associations(call.context(), id).stream()
                .map(type -> Map.of("association_type", "volume_type", "name", type.name(), "id", type.id())).toList();
        return call.json(Response.ok(), Map.of("qos_associations", associations));
    }

    @GET
    @Path("{id}/associate")
    public Response associate(@PathParam("id") String id, @QueryParam("vol_type_id") String typeId,
            @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        qos.associate(call.context(), id, typeId);
        return call.empty(Response.status(202));
    }

    @GET
    @Path("{id}/disassociate")
    public Response disassociate(@PathParam("id") String id, @QueryParam("vol_type_id") String typeId,
            @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        qos.disassociate(call.context(), id, typeId);
        return call.empty(Response.status(202));
    }

    @GET
    @Path("{id}/disassociate_all")
    public Response disassociateAll(@PathParam("id") String id, @Context HttpHeaders headers) {
        ApiCall call = call(headers);
        qos.disassociateAll(call.context(), id);
        return call.empty(Response.status(202));
    }

    /** QoS values are strings; numbers and booleans as the clients may send them are taken as their text. */
    private static Map<String, String> keys(JsonNode specs) {
        ObjectNode texts = specs.deepCopy();
        specs.fields().forEachRemaining(field -> {
            if (field.getValue().isNumber() || field.getValue().isBoolean()) {
                texts.put(field.getKey(), field.getValue().asText());
            }
        });
        return RequestReader.metadata(texts, false);
    }

    static Map<String, Object> view(QosSpecs specs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("specs", specs.specs());
        view.put("consumer", specs.consumer());
        view.put("name", specs.name());
        view.put("id", specs.id());
        return view;
    }

    /** Create's and show's answer: the specs and their links. */
    static Map<String, Object> detail(QosSpecs specs, URI base, String pathProject) {
        return Map.of("qos_specs", view(specs), "links",
                OpenStackResponses.links(base, pathProject, "qos-specs", specs.id()));
    }
}
