package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.RequestContext;

/**
 * Cinder's metadata endpoints of one volume or snapshot ({@code …/{id}/metadata}): list, add
 * (POST merges), replace (PUT), and one item's show, set and delete. Its collection returns it
 * from a sub-resource locator (public, as JAX-RS resources are).
 */
public class MetadataResource {

    /** The owning service's read of the metadata. */
    interface Read {
        Map<String, String> metadata(RequestContext context, String id);
    }

    /** The owning service's merge ({@code replace} false) or replacement of the metadata; answers all of it. */
    interface Write {
        Map<String, String> metadata(RequestContext context, String id, Map<String, String> metadata, boolean replace);
    }

    /** The owning service's removal of one key. */
    interface Delete {
        void key(RequestContext context, String id, String key);
    }

    private final Read read;
    private final Write write;
    private final Delete delete;
    private final RequestReader reader;
    private final Function<HttpHeaders, ApiCall> calls;
    private final String id;
    private final String owner;

    /**
     * @param calls the owner's call for a request on {@code id}
     * @param owner {@code volume} or {@code snapshot}, as in Cinder's rule names ({@code volume:get_volume_metadata})
     */
    MetadataResource(Read read, Write write, Delete delete, RequestReader reader, Function<HttpHeaders, ApiCall> calls,
            String id, String owner) {
        this.read = read;
        this.write = write;
        this.delete = delete;
        this.reader = reader;
        this.calls = calls;
        this.id = id;
        this.owner = owner;
    }

    private ApiCall call(HttpHeaders headers, String verb) {
        return calls.apply(headers).authorize("volume:" + verb + "_" + owner + "_metadata");
    }

    @GET
    public Response list(@Context HttpHeaders headers) {
        ApiCall call = call(headers, "get");
        return call.json(Response.ok(), Map.of("metadata", read.metadata(call.context(), id)));
    }

    /** Adds pairs, or changes their values; answers with all of the metadata. */
    @POST
    public Response add(@Context HttpHeaders headers, InputStream body) throws IOException {
        return writeAll(headers, body, false);
    }

    @PUT
    public Response replace(@Context HttpHeaders headers, InputStream body) throws IOException {
        return writeAll(headers, body, true);
    }

    private Response writeAll(HttpHeaders headers, InputStream body, boolean replace) throws IOException {
        ApiCall call = call(headers, "update");
        return call.json(Response.ok(), Map.of("metadata",
                write.metadata(call.context(), id, reader.readMetadata(body), replace)));
    }

    @GET
    @Path("{key}")
    public Response item(@PathParam("key") String key, @Context HttpHeaders headers) {
        ApiCall call = call(headers, "get");
        String value = read.metadata(call.context(), id).get(key);
        if (value == null) {
            throw new ApiFault(404, "Metadata item was not found");
        }
        return call.json(Response.ok(), Map.of("meta", Map.of(key, value)));
    }

    @PUT
    @Path("{key}")
    public Response setItem(@PathParam("key") String key, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = call(headers, "update");
        Map<String, String> item = reader.readMetadataItem(body, key);
        write.metadata(call.context(), id, item, false);
        return call.json(Response.ok(), Map.of("meta", item));
    }

    @DELETE
    @Path("{key}")
    public Response deleteItem(@PathParam("key") String key, @Context HttpHeaders headers) {
        ApiCall call = call(headers, "delete");
        delete.key(call.context(), id, key);
        return call.empty(Response.ok());
    }
}
