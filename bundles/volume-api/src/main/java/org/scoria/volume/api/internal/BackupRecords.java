package org.scoria.volume.api.internal;

import java.io.IOException;
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
 * The record names its store in Cinder's namespace of backup drivers ({@code nfs} as
 * {@code cinder.backup.drivers.nfs}), as Cinder's clients and tempest expect; an import takes
 * either name.
 */
final class BackupRecords {

    static final String CINDER_DRIVERS = "cinder.backup.drivers.";

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
        record.put("service", CINDER_DRIVERS + backup.store());
        record.put("container", backup.container());
        record.put("service_metadata", backup.objectPrefix());
        record.put("parent_id", backup.parentId());
        record.put("availability_zone", backup.availabilityZone());
        record.put("data_timestamp", String.valueOf(backup.dataTimestamp()));
        record.set("metadata", JSON.valueToTree(backup.metadata()));
        try {
            return new ExportedRecord(CINDER_DRIVERS + backup.store(),
                    Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(record)));
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
        service = service.startsWith(CINDER_DRIVERS) ? service.substring(CINDER_DRIVERS.length()) : service;
        if (service.isBlank()) {
            throw new InvalidInputException("backup_service " + exported.service() + " names no backup store.");
        }
        String id = uuid(record, "id", true);
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
        Map<String, String> metadata;
        try {
            metadata = record.hasNonNull("metadata")
                    ? JSON.convertValue(record.get("metadata"), new TypeReference<Map<String, String>>() { })
                    : Map.of();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The record's metadata is not an object of strings.");
        }
        String parent = uuid(record, "parent_id", false);
        Instant now = Instant.now();
        return new Backup(id, context.projectId(), context.userId(), uuid(record, "volume_id", true),
                uuid(record, "snapshot_id", false), InputChecks.text("name", text(record, "display_name")),
                InputChecks.text("description", text(record, "display_description")),
                BackupStatus.CREATING, null, size.asInt(), record.path("object_count").asLong(), service,
                bounded(record, "container", 255, true), bounded(record, "service_metadata", 1024, true), parent, 0,
                parent != null, bounded(record, "availability_zone", 255, false), null, dataTimestamp, null, null, null,
                InputChecks.metadata(metadata), now, now);
    }

    /** A field holding a UUID, as the backups table keeps it. */
    private static String uuid(JsonNode record, String field, boolean required) {
        String value = required ? required(record, field) : text(record, field);
        if (value != null) {
            try {
                UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("The record's " + field + " " + value + " is not a UUID.");
            }
        }
        return value;
    }

    /** A text field no longer than its column. */
    private static String bounded(JsonNode record, String field, int length, boolean required) {
        String value = required ? required(record, field) : text(record, field);
        if (value != null && value.length() > length) {
            throw new InvalidInputException("The record's " + field + " is longer than " + length + " characters.");
        }
        return value;
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
