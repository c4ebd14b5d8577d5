package org.scoria.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeType;
import org.scoria.volume.api.ImageUpload;
import org.scoria.volume.api.ImageUploadRequest;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.VolumeService;
import org.scoria.volume.api.VolumeTypeService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The volume actions on images, read with the checks of Cinder's schemas: its image metadata
 * ({@code os-set_image_metadata}, {@code os-unset_image_metadata}, {@code os-show_image_metadata}),
 * its upload to a new image ({@code os-volume_upload_image}) and its reimage ({@code os-reimage}).
 */
final class VolumeImageActions {

    /** The rule each action is checked against. */
    static final Map<String, String> RULES = Map.of(
            "os-set_image_metadata", "volume_extension:volume_image_metadata:set",
            "os-unset_image_metadata", "volume_extension:volume_image_metadata:delete",
            "os-show_image_metadata", "volume_extension:volume_image_metadata:show",
            "os-volume_upload_image", "volume_extension:volume_actions:upload_image");

    /** The disk formats Cinder uploads volumes in. */
    private static final List<String> DISK_FORMATS = List.of("raw", "vmdk", "vdi", "qcow2", "vhd", "vhdx", "ploop");
    private static final List<String> VISIBILITIES = List.of("community", "public", "private", "shared");
    private static final int MAX_NAME_LENGTH = 255;

    private final VolumeService volumes;
    private final VolumeTypeService types;

    VolumeImageActions(VolumeService volumes, VolumeTypeService types) {
        this.volumes = volumes;
        this.types = types;
    }

    /** Runs the action if it is one of these; {@code null} if it is not. */
    VolumeActions.Result run(RequestContext context, ApiVersion version, String volumeId, String action,
            JsonNode arguments) {
        switch (action) {
            case "os-set_image_metadata" -> {
                context.authorize("volume:update_volume_metadata");
                RequestReader.only(arguments, action, Set.of("metadata"));
                Map<String, String> pairs = RequestReader.metadata(RequestReader.required(arguments, action, "metadata"),
                        false);
                return new VolumeActions.Result(200, Map.of("metadata", volumes.setImageMetadata(context, volumeId, pairs)));
            }
            case "os-unset_image_metadata" -> {
                context.authorize("volume:delete_volume_metadata");
                RequestReader.only(arguments, action, Set.of("key"));
                volumes.unsetImageMetadata(context, volumeId, name(RequestReader.required(arguments, action, "key"), "key"));
                return VolumeActions.Result.of(200);
            }
            case "os-show_image_metadata" -> {
                return new VolumeActions.Result(200, Map.of("metadata", volumes.imageMetadata(context, volumeId)));
            }
            case "os-reimage" -> {
                if (!version.atLeast(ApiVersion.SUPPORT_REIMAGE)) {
                    // Cinder knows the action only from 3.68.
                    throw new ApiFault(404, "The resource could not be found.");
                }
                RequestReader.only(arguments, action, Set.of("image_id", "reimage_reserved"));
                String imageId = AttachmentResource.uuid(RequestReader.required(arguments, action, "image_id"), "image_id");
                JsonNode reserved = arguments.get("reimage_reserved");
                boolean reimageReserved = reserved != null && RequestReader.bool(reserved, "reimage_reserved");
                context.authorize(reimageReserved ? "volume:reimage_reserved" : "volume:reimage");
                volumes.reimage(context, volumeId, imageId, reimageReserved);
                return VolumeActions.Result.of(202);
            }
            case "os-volume_upload_image" -> {
                ImageUploadRequest request = uploadRequest(version, arguments);
                if ("public".equals(request.visibility())) {
                    context.authorize("volume_extension:volume_actions:upload_public");
                }
                return new VolumeActions.Result(202, Map.of(action, uploaded(context,
                        volumes.uploadToImage(context, volumeId, request))));
            }
            default -> {
                return null;
            }
        }
    }

    /** Cinder's upload schema: visibility and protected from 3.1, nothing else than its fields. */
    private static ImageUploadRequest uploadRequest(ApiVersion version, JsonNode arguments) {
        String action = "os-volume_upload_image";
        boolean since31 = version.atLeast(ApiVersion.UPLOAD_VISIBILITY);
        RequestReader.only(arguments, action, since31
                ? Set.of("image_name", "force", "disk_format", "container_format", "visibility", "protected")
                : Set.of("image_name", "force", "disk_format", "container_format"));
        String imageName = name(RequestReader.required(arguments, action, "image_name"), "image_name");
        JsonNode force = arguments.get("force");
        JsonNode protection = arguments.get("protected");
        return new ImageUploadRequest(imageName, oneOf(arguments, "disk_format", DISK_FORMATS, "raw"),
                containerFormat(arguments.get("container_format")), oneOf(arguments, "visibility", VISIBILITIES, "private"),
                protection != null && RequestReader.bool(protection, "protected"),
                force != null && RequestReader.bool(force, "force"));
    }

    private static String name(JsonNode value, String field) {
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_NAME_LENGTH) {
            throw RequestReader.invalid(field, value, value + " is not a string of 1 to 255 characters");
        }
        return value.asText();
    }

    private static String containerFormat(JsonNode value) {
        if (value == null) {
            return "bare";
        }
        if (!value.isTextual() || value.asText().length() > MAX_NAME_LENGTH) {
            throw RequestReader.invalid("container_format", value, value + " is not a string of at most 255 characters");
        }
        return value.asText();
    }

    private static String oneOf(JsonNode arguments, String field, List<String> allowed, String otherwise) {
        JsonNode value = arguments.get(field);
        if (value == null) {
            return otherwise;
        }
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            throw RequestReader.invalid(field, value, value + " is not one of " + allowed);
        }
        return value.asText();
    }

    /** Cinder's answer to an upload: the volume as it was asked, the image Glance registered. */
    private Map<String, Object> uploaded(RequestContext context, ImageUpload upload) {
        Volume volume = upload.volume();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("updated_at", OpenStackResponses.time(volume.updatedAt()));
        view.put("status", "uploading");
        view.put("display_description", volume.description());
        view.put("size", volume.sizeGb());
        view.put("volume_type", volumeType(context, volume.volumeTypeId()));
        view.put("image_id", upload.imageId());
        view.put("container_format", upload.containerFormat());
        view.put("disk_format", upload.diskFormat());
        view.put("image_name", upload.imageName());
        view.put("protected", upload.isProtected());
        view.put("visibility", upload.visibility());
        return view;
    }

    /** The volume's type as Cinder serializes the object (the extra specs the caller may see), or null. */
    private Map<String, Object> volumeType(RequestContext context, String typeId) {
        if (typeId == null) {
            return null;
        }
        VolumeType type;
        try {
            type = types.get(context, typeId);
        } catch (ResourceNotFoundException gone) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", OpenStackResponses.time(type.createdAt()));
        view.put("updated_at", OpenStackResponses.time(type.updatedAt()));
        view.put("deleted_at", null);
        view.put("deleted", false);
        view.put("id", type.id());
        view.put("name", type.name());
        view.put("description", type.description());
        view.put("is_public", type.isPublic());
        view.put("extra_specs", types.visibleExtraSpecs(context, type));
        view.put("qos_specs_id", type.qosSpecsId());
        return view;
    }
}
