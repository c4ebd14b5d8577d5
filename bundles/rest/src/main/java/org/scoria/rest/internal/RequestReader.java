package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.scoria.persistence.VolumeDescription;
import org.scoria.volume.api.CreateBackupRequest;
import org.scoria.volume.api.CreateSnapshotRequest;
import org.scoria.volume.api.CreateVolumeRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a create-volume body with the checks of Cinder's JSON schema, and its messages
 * ({@code Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1}).
 * Semantic checks (lengths after stripping, size present) are the volume service's.
 */
final class RequestReader {

    /** Sources and options that later releases support; until then they are refused rather than ignored. */
    private static final Set<String> NOT_YET_SUPPORTED = Set.of("backup_id", "consistencygroup_id", "group_id", "source_replica");
    /** The scheduler hints Scoria's filters act on. */
    private static final String QUERY_HINT = "query";
    private static final Set<String> HINTS = Set.of("same_host", "different_host", QUERY_HINT);

    private static final Set<String> UPDATABLE = Set.of("name", "display_name", "description", "display_description",
            "metadata");

    private static final Pattern METADATA_KEY = Pattern.compile("^[a-zA-Z0-9-_:. /]{1,255}$");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Cinder's parameter_types.boolean. */
    /** oslo's spellings of a boolean, in lower case. */
    static final Set<String> TRUE = Set.of("true", "1", "on", "yes", "y", "t");
    static final Set<String> FALSE = Set.of("false", "0", "off", "no", "n", "f");

    private final int maxBodyBytes;

    RequestReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    CreateVolumeRequest readCreate(InputStream body) throws IOException {
        JsonNode root = readBody(body);
        JsonNode volume = object(root, "volume");
        for (Iterator<String> fields = volume.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (NOT_YET_SUPPORTED.contains(field) && !volume.get(field).isNull()) {
                throw new ApiFault(400, "Invalid input received: " + field + " is not supported by this release of Scoria.");
            }
        }
        return new CreateVolumeRequest(text(volume, "name", "display_name"), text(volume, "description", "display_description"),
                size("size", volume.get("size")), text(volume, "availability_zone"), text(volume, "snapshot_id"),
                text(volume, "source_volid"), metadata(volume.get("metadata"), true), text(volume, "volume_type"),
                hints(root.has("OS-SCH-HNT:scheduler_hints") ? root.get("OS-SCH-HNT:scheduler_hints")
                        : volume.get("scheduler_hints")), imageRef(volume));
    }

    /** Cinder's {@code imageRef}, or its alias {@code image_id}: a string of at most 255 characters. */
    private static String imageRef(JsonNode volume) {
        String field = volume.hasNonNull("imageRef") ? "imageRef" : "image_id";
        String ref = text(volume, field);
        if (ref != null && ref.length() > 255) {
            throw invalid(field, volume.get(field), "'" + ref + "' is too long");
        }
        return ref;
    }

    /**
     * Scheduler hints: {@code same_host} and {@code different_host}, each a volume id or a list of
     * them, and {@code query}, Cinder's JSON query (checked by the volume service).
     */
    private static Map<String, List<String>> hints(JsonNode hints) {
        if (hints == null || hints.isNull()) {
            return Map.of();
        }
        if (!hints.isObject()) {
            throw invalid("OS-SCH-HNT:scheduler_hints", hints, hints + " is not of type 'object'");
        }
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = hints.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> hint = fields.next();
            if (!HINTS.contains(hint.getKey())) {
                throw new ApiFault(400, "Invalid input received: scheduler hint " + hint.getKey()
                        + " is not supported by this release of Scoria (same_host, different_host and query are).");
            }
            JsonNode value = hint.getValue();
            if (hint.getKey().equals(QUERY_HINT)) {
                // Cinder takes the query as JSON text; a JSON array is taken as the query itself.
                read.put(hint.getKey(), List.of(value.isTextual() ? value.asText() : value.toString()));
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode id : value.isArray() ? value : List.of(value)) {
                if (!id.isTextual() || !id.asText().matches("[0-9a-fA-F-]{36}")) {
                    throw invalid(hint.getKey(), id, id + " is not a volume id");
                }
                ids.add(id.asText().toLowerCase(Locale.ROOT));
            }
            read.put(hint.getKey(), ids);
        }
        return read;
    }

    /** Cinder's snapshot create schema: volume_id (required), name, description, force, metadata. */
    CreateSnapshotRequest readCreateSnapshot(InputStream body) throws IOException {
        JsonNode snapshot = object(readBody(body), "snapshot");
        if (!snapshot.has("volume_id")) {
            throw invalid("snapshot", null, "'volume_id' is a required property");
        }
        String volumeId = text(snapshot, "volume_id");
        if (volumeId == null) {
            // Cinder's schema allows null and its lookup of the volume then fails.
            throw new ApiFault(404, "Volume None could not be found.");
        }
        return new CreateSnapshotRequest(volumeId, text(snapshot, "name", "display_name"),
                text(snapshot, "description", "display_description"), flag(snapshot, "force"),
                metadata(snapshot.get("metadata"), true));
    }

    /** Cinder's backup create schema: volume_id required; container, incremental, force, snapshot_id, metadata. */
    CreateBackupRequest readCreateBackup(InputStream body) throws IOException {
        JsonNode backup = object(readBody(body), "backup");
        String volumeId = text(backup, "volume_id");
        if (volumeId == null) {
            throw invalid("backup", null, "'volume_id' is a required property");
        }
        return new CreateBackupRequest(volumeId, text(backup, "name"), text(backup, "description"),
                flag(backup, "incremental"), flag(backup, "force"), text(backup, "snapshot_id"), text(backup, "container"),
                metadata(backup.get("metadata"), true));
    }

    /** The restore body: an optional volume_id and name. */
    JsonNode readRestore(InputStream body) throws IOException {
        return object(readBody(body), "restore");
    }

    private static boolean flag(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull() && bool(value, field);
    }

    /** A snapshot update: name and description, or their display_ aliases. */
    VolumeDescription readSnapshotUpdate(InputStream body) throws IOException {
        JsonNode snapshot = object(readBody(body), "snapshot");
        return new VolumeDescription(snapshot.has("name") || snapshot.has("display_name"),
                text(snapshot, "name", "display_name"), snapshot.has("description") || snapshot.has("display_description"),
                text(snapshot, "description", "display_description"));
    }

    /** A volume update: what to describe, and the metadata to replace, or {@code null} to keep it. */
    record VolumeUpdate(VolumeDescription description, Map<String, String> metadata) {
    }

    /** Cinder's update schema: name, description (or their display_ aliases), metadata. */
    VolumeUpdate readUpdate(InputStream body) throws IOException {
        JsonNode volume = volumeObject(body);
        for (Iterator<String> fields = volume.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!UPDATABLE.contains(field)) {
                throw new ApiFault(400, "Invalid input for field/attribute volume. Additional properties are not allowed ('"
                        + field + "' was unexpected)");
            }
        }
        boolean setName = volume.has("name") || volume.has("display_name");
        boolean setDescription = volume.has("description") || volume.has("display_description");
        return new VolumeUpdate(new VolumeDescription(setName, text(volume, "name", "display_name"), setDescription,
                text(volume, "description", "display_description")), metadata(volume.get("metadata"), true));
    }

    /** {@code {"metadata": {...}}}, the body of the metadata collection's POST and PUT. */
    Map<String, String> readMetadata(InputStream body) throws IOException {
        JsonNode root = readBody(body);
        if (!root.has("metadata")) {
            throw invalid("metadata", null, "'metadata' is a required property");
        }
        return metadata(root.get("metadata"), false);
    }

    /** {@code {"meta": {"<key>": "<value>"}}}, the body of a metadata item's PUT: exactly the URL's key. */
    Map<String, String> readMetadataItem(InputStream body, String key) throws IOException {
        JsonNode root = readBody(body);
        if (!root.has("meta")) {
            throw invalid("meta", null, "'meta' is a required property");
        }
        Map<String, String> meta = metadata(root.get("meta"), false);
        if (meta.size() > 1) {
            throw new ApiFault(400, "Request body contains too many items.");
        }
        if (!meta.containsKey(key)) {
            throw new ApiFault(400, "Request body and URI mismatch");
        }
        return meta;
    }

    /** An action body, {@code {"os-extend": {...}}}: its single action name and argument (may be null). */
    Map.Entry<String, JsonNode> readAction(InputStream body) throws IOException {
        JsonNode root = readBody(body);
        if (root.size() != 1) {
            throw new ApiFault(400, "Invalid input received: an action body names exactly one action.");
        }
        return root.fields().next();
    }

    /**
     * Cinder's metadata schema: an object whose keys match {@code ^[a-zA-Z0-9-_:. /]{1,255}$}
     * and whose values are strings of at most 255 characters (the service checks lengths).
     */
    static Map<String, String> metadata(JsonNode metadata, boolean nullable) {
        if (metadata == null || metadata.isNull() && nullable) {
            return null;
        }
        if (!metadata.isObject()) {
            throw invalid("metadata", metadata, metadata + " is not of type 'object'");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!METADATA_KEY.matcher(field.getKey()).matches()) {
                throw invalid("metadata", metadata, "Additional properties are not allowed ('" + field.getKey()
                        + "' was unexpected)");
            }
            if (!field.getValue().isTextual()) {
                throw invalid("metadata", metadata, field.getValue() + " is not of type 'string'");
            }
            pairs.put(field.getKey(), field.getValue().asText());
        }
        return pairs;
    }

    /** The body's {@code volume} object, which every volume request needs. */
    private JsonNode volumeObject(InputStream body) throws IOException {
        return object(readBody(body), "volume");
    }

    static JsonNode object(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null) {
            throw invalid(name, null, "'" + name + "' is a required property");
        }
        if (!value.isObject()) {
            throw invalid(name, value, value + " is not of type 'object'");
        }
        return value;
    }

    /** The request body, which must be a JSON object within the size limit. */
    JsonNode readBody(InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            throw new ApiFault(413, "Request is too large. Larger than max_request_body_size (" + maxBodyBytes + ").");
        }
        JsonNode root;
        try {
            root = bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiFault(400, "Malformed request body.");
        }
        if (root == null || !root.isObject()) {
            throw new ApiFault(400, "Malformed request body: a JSON object is expected.");
        }
        return root;
    }

    /** Cinder's positive_integer: an integer, or a string of digits, from 1 to 2^31-1; absent or null is left to the service. */
    static Integer size(String field, JsonNode size) {
        if (size == null || size.isNull()) {
            return null;
        }
        long value;
        if (size.isIntegralNumber()) {
            if (!size.canConvertToLong()) {
                throw invalid(field, size, size + " is greater than the maximum of 2147483647");
            }
            value = size.asLong();
        } else if (size.isTextual()) {
            if (!size.asText().matches("[0-9]+")) {
                throw invalid(field, size, "'" + size.asText() + "' does not match '^[0-9]+$'");
            }
            value = size.asText().length() > 10 ? Long.MAX_VALUE : Long.parseLong(size.asText());
        } else {
            throw invalid(field, size, size + " is not of type 'integer', 'string', 'null'");
        }
        if (value < 1) {
            throw invalid(field, size, value + " is less than the minimum of 1");
        }
        if (value > Integer.MAX_VALUE) {
            throw invalid(field, size, size.asText() + " is greater than the maximum of 2147483647");
        }
        return (int) value;
    }

    /** A string field, under its name or Cinder's legacy alias; must be a string or null. */
    static String text(JsonNode volume, String... names) {
        for (String name : names) {
            JsonNode value = volume.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw invalid(name, value, value + " is not of type 'string', 'null'");
            }
            return value.asText();
        }
        return null;
    }

/** A field an action or object must have. */
    static JsonNode required(JsonNode arguments, String action, String field) {
        if (arguments == null || !arguments.isObject()) {
            throw RequestReader.invalid(action, arguments, arguments + " is not of type 'object'");
        }
        JsonNode value = arguments.get(field);
        if (value == null) {
            throw RequestReader.invalid(action, null, "'" + field + "' is a required property");
        }
        return value;
    }

    /** Refuses fields other than {@code allowed}, as Cinder's schemas (additionalProperties: false) do. */
    static void only(JsonNode arguments, String action, Set<String> allowed) {
        if (arguments != null && arguments.isObject()) {
            for (Iterator<String> fields = arguments.fieldNames(); fields.hasNext();) {
                String field = fields.next();
                if (!allowed.contains(field)) {
                    throw RequestReader.invalid(action, null, "Additional properties are not allowed ('" + field
                            + "' was unexpected)");
                }
            }
        }
    }

    /** Cinder's parameter_types.boolean: a JSON boolean or one of its strings. */
    static boolean bool(JsonNode value, String field) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : "";
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        throw RequestReader.invalid(field, value, value + " is not one of [True, 'True', 'TRUE', 'true', '1',"
                + " 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off',"
                + " 'off', 'NO', 'No', 'no', 'n', 'f']");
    }

    /** A boolean query parameter: absent is false, a value in none of oslo's spellings is 400. */
    static boolean queryFlag(String text, String parameter) {
        return text != null && bool(new TextNode(text.trim()), parameter);
    }

    static ApiFault invalid(String field, JsonNode value, String why) {
        String shown = value == null ? "" : " Value: " + (value.isTextual() ? value.asText() : value.toString()) + ".";
        return new ApiFault(400, "Invalid input for field/attribute " + field + "." + shown + " " + why);
    }
}
