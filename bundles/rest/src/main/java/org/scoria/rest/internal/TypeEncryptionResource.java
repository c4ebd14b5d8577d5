package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.persistence.TypeEncryption;
import org.scoria.volume.api.TypeEncryptionService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /types/{type_id}/encryption}: Cinder's encryption types (administrators). Show answers
 * the row as it is, or {@code {}}; create and update answer the fields asked for, create with the
 * ids; the key in the URL of update and delete names nothing, as in Cinder.
 */
public class TypeEncryptionResource {

    private final TypeEncryptionService encryption;
    private final RequestReader reader;
    private final Authenticator auth;
    private final String typeId;

    TypeEncryptionResource(TypeEncryptionService encryption, RequestReader reader, Authenticator auth, String typeId) {
        this.encryption = encryption;
        this.reader = reader;
        this.auth = auth;
        this.typeId = typeId;
    }

    @GET
    public Response show(@Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers);
        return call.json(Response.ok(), encryption.get(call.context(), typeId).map(TypeEncryptionResource::row)
                .orElse(Map.of()));
    }

    @GET
    @Path("{key}")
    public Response item(@PathParam("key") String key, @Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers);
        Map<String, Object> row = encryption.get(call.context(), typeId).map(TypeEncryptionResource::row).orElse(Map.of());
        if (!row.containsKey(key)) {
            throw new ApiFault(404, "Volume type encryption for type " + typeId + " does not exist.");
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(key, row.get(key));
        return call.json(Response.ok(), item);
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = ApiCall.global(auth, headers);
        JsonNode asked = RequestReader.object(reader.readBody(body), "encryption");
        TypeEncryption created = encryption.create(call.context(), typeId, spec(asked, null));
        Map<String, Object> view = echo(asked, created);
        view.put("volume_type_id", created.volumeTypeId());
        view.put("encryption_id", created.encryptionId());
        return call.json(Response.ok(), Map.of("encryption", view));
    }

    @PUT
    @Path("{key}")
    public Response update(@Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = ApiCall.global(auth, headers);
        JsonNode asked = RequestReader.object(reader.readBody(body), "encryption");
        TypeEncryption current = encryption.get(call.context(), typeId)
                .orElseThrow(() -> new ApiFault(404, "Volume type encryption for type " + typeId + " does not exist."));
        TypeEncryption updated = encryption.update(call.context(), typeId, spec(asked, current));
        return call.json(Response.ok(), Map.of("encryption", echo(asked, updated)));
    }

    @DELETE
    @Path("{key}")
    public Response delete(@Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers);
        encryption.delete(call.context(), typeId);
        return call.empty(Response.status(202));
    }

    /** The fields asked for, over {@code current}'s for an update. */
    private static TypeEncryptionService.EncryptionSpec spec(JsonNode asked, TypeEncryption current) {
        return new TypeEncryptionService.EncryptionSpec(
                asked.has("provider") ? RequestReader.text(asked, "provider") : current == null ? null : current.provider(),
                asked.has("cipher") ? RequestReader.text(asked, "cipher") : current == null ? null : current.cipher(),
                asked.has("key_size") ? keySize(asked.get("key_size")) : current == null ? null : current.keySize(),
                asked.has("control_location") ? RequestReader.text(asked, "control_location")
                        : current == null ? null : current.controlLocation());
    }

    /** Cinder's key_size: an integer, or a string of one, or null. */
    private static Integer keySize(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual() && value.asText().strip().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(value.asText().strip());
        }
        throw new ApiFault(400, "Invalid input received: key_size must be an integer.");
    }

    /** Cinder answers what was asked for, as stored (the key size as a number). */
    static Map<String, Object> echo(JsonNode asked, TypeEncryption stored) {
        Map<String, Object> row = row(stored);
        Map<String, Object> view = new LinkedHashMap<>();
        for (String field : new String[] {"provider", "cipher", "key_size", "control_location"}) {
            if (asked.has(field)) {
                view.put(field, row.get(field));
            }
        }
        return view;
    }

    /** The row as Cinder shows it, with its soft-delete columns (never deleted while shown). */
    static Map<String, Object> row(TypeEncryption encryption) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("volume_type_id", encryption.volumeTypeId());
        row.put("encryption_id", encryption.encryptionId());
        row.put("cipher", encryption.cipher());
        row.put("key_size", encryption.keySize());
        row.put("provider", encryption.provider());
        row.put("control_location", encryption.controlLocation());
        row.put("created_at", OpenStackResponses.time(encryption.createdAt()));
        row.put("updated_at", OpenStackResponses.time(encryption.updatedAt()));
        row.put("deleted", false);
        row.put("deleted_at", null);
        return row;
    }
}
