package org.scoria.rest.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.AttachmentService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeService;
import org.scoria.volume.api.VolumeTypeService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /volumes/{id}/action}: reads one action's arguments with the checks of Cinder's
 * schemas and runs it. Returns the HTTP status Cinder answers the action with, and the body of
 * the one action that has one ({@code os-initialize_connection}).
 */
final class VolumeActions {

    /** What an action answers: its status, and its body or {@code null}. */
    record Result(int status, Object body) {
        static Result of(int status) {
            return new Result(status, null);
        }
    }

    /** The statuses an administrator may reset a volume to: every status but {@code deleted}. */
    private static final List<String> RESETTABLE = Arrays.stream(VolumeStatus.values())
            .filter(status -> status != VolumeStatus.DELETED).map(VolumeStatus::wireName).toList();

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The rule each action a member may take is checked against; the administrators' actions
     * (reset status, force delete, force detach) are checked by the services.
     */
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("os-extend", "volume:extend"),
            Map.entry("os-retype", "volume:retype"),
            Map.entry("revert", "volume:revert_to_snapshot"),
            Map.entry("os-update_readonly_flag", "volume:update_readonly_flag"),
            Map.entry("os-set_bootable", "volume_extension:volume_actions:set_bootable"),
            Map.entry("os-reserve", "volume_extension:volume_actions:reserve"),
            Map.entry("os-unreserve", "volume_extension:volume_actions:unreserve"),
            Map.entry("os-begin_detaching", "volume_extension:volume_actions:begin_detaching"),
            Map.entry("os-roll_detaching", "volume_extension:volume_actions:roll_detaching"),
            Map.entry("os-initialize_connection", "volume_extension:volume_actions:initialize_connection"),
            Map.entry("os-terminate_connection", "volume_extension:volume_actions:terminate_connection"),
            Map.entry("os-attach", "volume_extension:volume_actions:attach"),
            Map.entry("os-detach", "volume_extension:volume_actions:detach"));

    private final VolumeService volumes;
    private final AttachmentService attachments;
    private final VolumeImageActions images;

    VolumeActions(VolumeService volumes, AttachmentService attachments, VolumeTypeService types) {
        this.volumes = volumes;
        this.attachments = attachments;
        this.images = new VolumeImageActions(volumes, types);
    }

    Result run(RequestContext context, ApiVersion version, String volumeId, Map.Entry<String, JsonNode> action) {
        String rule = RULES.getOrDefault(action.getKey(), VolumeImageActions.RULES.get(action.getKey()));
        if (rule != null) {
            context.authorize(rule);
        }
        Result image = images.run(context, version, volumeId, action.getKey(), action.getValue());
        if (image != null) {
            return image;
        }
        Integer status = volumeAction(context, version, volumeId, action);
        return status != null ? Result.of(status) : attachAction(context, volumeId, action);
    }

    /** The legacy attach and detach actions. */
    private Result attachAction(RequestContext context, String volumeId, Map.Entry<String, JsonNode> action) {
        JsonNode arguments = action.getValue();
        switch (action.getKey()) {
            case "os-reserve" -> attachments.reserve(context, volumeId);
            case "os-unreserve" -> attachments.unreserve(context, volumeId);
            case "os-begin_detaching" -> attachments.beginDetaching(context, volumeId);
            case "os-roll_detaching" -> attachments.rollDetaching(context, volumeId);
            case "os-initialize_connection" -> {
                Map<String, Object> connector = connector(RequestReader.required(arguments, action.getKey(), "connector"));
                return new Result(200, Map.of("connection_info",
                        attachments.initializeConnection(context, volumeId, connector)));
            }
            case "os-terminate_connection" -> {
                JsonNode connector = RequestReader.required(arguments, action.getKey(), "connector");
                attachments.terminateConnection(context, volumeId, connector.isNull() ? null : connector(connector));
            }
            case "os-attach" -> {
                RequestReader.only(arguments, "os-attach", Set.of("mountpoint", "instance_uuid", "host_name", "mode"));
                JsonNode mountpoint = RequestReader.required(arguments, "os-attach", "mountpoint");
                if (!mountpoint.isTextual() || mountpoint.asText().isEmpty() || mountpoint.asText().length() > 255) {
                    throw RequestReader.invalid("mountpoint", mountpoint, mountpoint + " is not a string of 1 to 255 characters");
                }
                JsonNode instance = arguments.get("instance_uuid");
                String hostName = RequestReader.text(arguments, "host_name");
                if (hostName != null && (hostName.isEmpty() || hostName.length() > 255)) {
                    throw RequestReader.invalid("host_name", arguments.get("host_name"), "not a string of 1 to 255 characters");
                }
                if ((instance == null || instance.isNull()) && hostName == null) {
                    throw RequestReader.invalid("os-attach", null, "'instance_uuid' or 'host_name' is a required property");
                }
                JsonNode mode = arguments.get("mode");
                if (mode != null && !(mode.isTextual() && Set.of("rw", "ro").contains(mode.asText()))) {
                    throw RequestReader.invalid("mode", mode, mode + " is not one of ['rw', 'ro']");
                }
                attachments.attach(context, volumeId, instance == null || instance.isNull() ? null
                        : AttachmentResource.uuid(instance, "instance_uuid"), hostName, mountpoint.asText(),
                        mode == null ? "rw" : mode.asText());
            }
            case "os-detach" -> attachments.detach(context, volumeId, attachmentId(arguments));
            case "os-force_detach" -> {
                RequestReader.only(arguments, "os-force_detach", Set.of("connector", "attachment_id"));
                JsonNode connector = arguments == null ? null : arguments.get("connector");
                attachments.forceDetach(context, volumeId, attachmentId(arguments),
                        connector == null || connector.isNull() ? null : connector(connector));
            }
            default -> throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
        return Result.of(202);
    }

    /** The optional {@code attachment_id} of a detach: a uuid, or null for the volume's only attachment. */
    private static String attachmentId(JsonNode arguments) {
        JsonNode id = arguments == null || !arguments.isObject() ? null : arguments.get("attachment_id");
        return id == null || id.isNull() ? null : AttachmentResource.uuid(id, "attachment_id");
    }

    /** A connector: an object, or (as Cinder's schema allows) a string holding one. */
    private static Map<String, Object> connector(JsonNode connector) {
        if (connector.isTextual()) {
            try {
                return AttachmentResource.connector(JSON.readTree(connector.asText()));
            } catch (JsonProcessingException notJson) {
                throw RequestReader.invalid("connector", connector, connector + " is not of type 'object'");
            }
        }
        return AttachmentResource.connector(connector);
    }

    /** The volume actions of earlier releases; {@code null} for an action that is not one of them. */
    private Integer volumeAction(RequestContext context, ApiVersion version, String volumeId,
            Map.Entry<String, JsonNode> action) {
        JsonNode arguments = action.getValue();
        switch (action.getKey()) {
            case "os-extend" -> {
                Integer size = RequestReader.size("new_size", RequestReader.required(arguments, "os-extend", "new_size"));
                if (size == null) {
                    throw RequestReader.invalid("new_size", null, "None is not of type 'integer', 'string'");
                }
                volumes.extend(context, volumeId, size);
                return 202;
            }
            case "os-reset_status" -> {
                RequestReader.only(arguments, "os-reset_status", Set.of("status", "attach_status", "migration_status"));
                JsonNode status = RequestReader.required(arguments, "os-reset_status", "status");
                if (!status.isTextual() || !RESETTABLE.contains(status.asText().toLowerCase(Locale.ROOT))) {
                    throw RequestReader.invalid("status", status, status + " is not one of " + RESETTABLE);
                }
                volumes.resetStatus(context, volumeId, VolumeStatus.fromWireName(status.asText().toLowerCase(Locale.ROOT)));
                return 202;
            }
            case "os-set_bootable" -> {
                volumes.setBootable(context, volumeId, RequestReader.bool(RequestReader.required(arguments, "os-set_bootable", "bootable"), "bootable"));
                return 200;
            }
            case "os-update_readonly_flag" -> {
                volumes.setReadOnly(context, volumeId,
                        RequestReader.bool(RequestReader.required(arguments, "os-update_readonly_flag", "readonly"), "readonly"));
                return 202;
            }
            case "revert" -> {
                if (!version.atLeast(ApiVersion.VOLUME_REVERT)) {
                    throw new ApiFault(400, "There is no such action: revert");
                }
                JsonNode snapshot = RequestReader.required(arguments, "revert", "snapshot_id");
                volumes.revert(context, volumeId, snapshot.asText());
                return 202;
            }
            case "os-retype" -> {
                RequestReader.only(arguments, "os-retype", Set.of("new_type", "migration_policy"));
                JsonNode type = RequestReader.required(arguments, "os-retype", "new_type");
                JsonNode policy = arguments.get("migration_policy");
                if (!type.isTextual() || type.asText().isEmpty() || type.asText().length() > 255) {
                    throw RequestReader.invalid("new_type", type, type + " is not a string of 1 to 255 characters");
                }
                if (policy != null && !policy.isNull() && !policy.isTextual()) {
                    throw RequestReader.invalid("migration_policy", policy, policy + " is not one of ['on-demand', 'never']");
                }
                volumes.retype(context, volumeId, type.asText(), policy == null || policy.isNull() ? null : policy.asText());
                return 202;
            }
            case "os-force_delete" -> {
                volumes.forceDelete(context, volumeId);
                return 202;
            }
            default -> {
                return null;
            }
        }
    }
}
