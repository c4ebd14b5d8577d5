package org.scoria.rest.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /volumes/{id}/action}: reads one action's arguments with the checks of Cinder's
 * schemas and runs it. Returns the HTTP status Cinder answers the action with; the actions
 * answer without a body.
 */
final class VolumeActions {

    /** The statuses an administrator may reset a volume to: every status but {@code deleted}. */
    private static final List<String> RESETTABLE = Arrays.stream(VolumeStatus.values())
            .filter(status -> status != VolumeStatus.DELETED).map(VolumeStatus::wireName).toList();

    /** Cinder's parameter_types.boolean. */
    private static final Set<String> TRUE = Set.of("true", "1", "on", "yes", "y", "t");
    private static final Set<String> FALSE = Set.of("false", "0", "off", "no", "n", "f");

    private final VolumeService volumes;

    VolumeActions(VolumeService volumes) {
        this.volumes = volumes;
    }

    int run(RequestContext context, ApiVersion version, String volumeId, Map.Entry<String, JsonNode> action) {
        JsonNode arguments = action.getValue();
        switch (action.getKey()) {
            case "os-extend" -> {
                Integer size = RequestReader.size("new_size", required(arguments, "os-extend", "new_size"));
                if (size == null) {
                    throw RequestReader.invalid("new_size", null, "None is not of type 'integer', 'string'");
                }
                volumes.extend(context, volumeId, size);
                return 202;
            }
            case "os-reset_status" -> {
                only(arguments, "os-reset_status", Set.of("status", "attach_status", "migration_status"));
                JsonNode status = required(arguments, "os-reset_status", "status");
                if (!status.isTextual() || !RESETTABLE.contains(status.asText().toLowerCase())) {
                    throw RequestReader.invalid("status", status, status + " is not one of " + RESETTABLE);
                }
                volumes.resetStatus(context, volumeId, VolumeStatus.fromWireName(status.asText().toLowerCase()));
                return 202;
            }
            case "os-set_bootable" -> {
                volumes.setBootable(context, volumeId, bool(required(arguments, "os-set_bootable", "bootable"), "bootable"));
                return 200;
            }
            case "os-update_readonly_flag" -> {
                volumes.setReadOnly(context, volumeId,
                        bool(required(arguments, "os-update_readonly_flag", "readonly"), "readonly"));
                return 202;
            }
            case "revert" -> {
                if (!version.atLeast(ApiVersion.VOLUME_REVERT)) {
                    throw new ApiFault(400, "There is no such action: revert");
                }
                JsonNode snapshot = required(arguments, "revert", "snapshot_id");
                volumes.revert(context, volumeId, snapshot.asText());
                return 202;
            }
            case "os-force_delete" -> {
                volumes.forceDelete(context, volumeId);
                return 202;
            }
            default -> throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
    }

    private static JsonNode required(JsonNode arguments, String action, String field) {
        if (arguments == null || !arguments.isObject()) {
            throw RequestReader.invalid(action, arguments, arguments + " is not of type 'object'");
        }
        JsonNode value = arguments.get(field);
        if (value == null) {
            throw RequestReader.invalid(action, null, "'" + field + "' is a required property");
        }
        return value;
    }

    private static void only(JsonNode arguments, String action, Set<String> allowed) {
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

    private static boolean bool(JsonNode value, String field) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.isTextual() ? value.asText().toLowerCase() : "";
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
}
