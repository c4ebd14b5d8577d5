package org.scoria.rest.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    private final VolumeService volumes;

    VolumeActions(VolumeService volumes) {
        this.volumes = volumes;
    }

    int run(RequestContext context, ApiVersion version, String volumeId, Map.Entry<String, JsonNode> action) {
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
            default -> throw new ApiFault(400, "There is no such action: " + action.getKey());
        }
    }
}
