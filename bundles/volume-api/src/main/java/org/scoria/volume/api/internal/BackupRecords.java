package org.scoria.volume.api.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.volume.api.BackupService.ExportedRecord;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.RequestContext;

/**
 * A backup's exported record: its fields under Cinder's names, as base64 of JSON. What a record
 * needs is checked when it is read, so that a bad one is refused before anything is written.
 */
final class BackupRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private BackupRecords() {
    }

    static ExportedRecord export(Backup backup) {
        ObjectNode record = JSON.createObjectNode();
        record.put("id", backup.id());
        record.put("display_name", backup.name());
        record.put("display_description", backup.description());
        record.put("volume_id", backup.volumeId());
        record.put("snapshot_id", backup.snapshotId());
        record.put("size", backup.sizeGb());
        record.put("object_count", backup.objectCount());
        record.put("service", backup.store());
        record.put("container", backup.container());
        record.put("service_metadata", backup.objectPrefix());
        record.put("parent_id", backup.parentId());
        record.put("availability_zone", backup.availabilityZone());
        record.put("data_timestamp", String.valueOf(backup.dataTimestamp()));
        record.set("metadata", JSON.valueToTree(backup.metadata()));
        try {
            return new ExportedRecord(backup.store(), Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the record of backup " + backup.id(), e);
        }
    }

    /**
     * The backup a record describes, in the caller's project, {@code creating}.
     *
     * @throws InvalidInputException when the record is not one this deployment exported, or misses what a restore needs
     */
    static Backup read(RequestContext context, ExportedRecord exported) {
        if (exported == null || exported.service() == null || exported.service().isBlank() || exported.url() == null) {
            throw new InvalidInputException("A backup record needs backup_service and backup_url.");
        }
        JsonNode record;
        try {
            record = JSON.readTree(BASE64.decode(exported.url().strip()));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidInputException("backup_url is not a backup record (base64 of JSON): " + e.getMessage());
        }
        if (record == null || !record.isObject()) {
            throw new InvalidInputException("backup_url is not a backup record (base64 of JSON).");
        }
        String service = text(record, "service");
        if (!exported.service().equals(service)) {
            throw new InvalidInputException("backup_service " + exported.service() + " differs from the record's, "
                    + service + ".");
        }
        String id = required(record, "id");
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The record's id " + id + " is not a UUID.");
        }
        JsonNode size = record.path("size");
        if (!size.canConvertToInt() || size.asInt() < 1) {
            throw new InvalidInputException("The record's size must be a positive number of GiB.");
        }
        Instant dataTimestamp;
        try {
            dataTimestamp = Instant.parse(required(record, "data_timestamp"));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("The record's data_timestamp is not a time: " + e.getParsedString());
        }
        Map<String, String> metadata = record.hasNonNull("metadata")
                ? JSON.convertValue(record.get("metadata"), new TypeReference<Map<String, String>>() { })
                : Map.of();
        String parent = text(record, "parent_id");
        Instant now = Instant.now();
        return new Backup(id, context.projectId(), context.userId(), required(record, "volume_id"),
                text(record, "snapshot_id"), text(record, "display_name"), text(record, "display_description"),
                BackupStatus.CREATING, null, size.asInt(), record.path("object_count").asLong(), service,
                required(record, "container"), required(record, "service_metadata"), parent, 0, parent != null,
                text(record, "availability_zone"), null, dataTimestamp, null, null, null, metadata, now, now);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode record, String field) {
        String value = text(record, field);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("The backup record has no " + field + ".");
        }
        return value;
    }
}
