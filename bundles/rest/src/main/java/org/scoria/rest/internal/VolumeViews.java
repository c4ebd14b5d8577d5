package org.scoria.rest.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.scoria.persistence.Attachment;
import org.scoria.persistence.TypeLabel;
import org.scoria.persistence.Volume;

/**
 * Cinder v3 volume bodies for one request: Cinder's field names and defaults, the fields a
 * microversion adds, and the admin-only ones for administrators.
 */
final class VolumeViews {

    private final URI base;
    private final String linkProject;
    private final ApiVersion version;
    private final boolean admin;
    private final Supplier<Map<String, TypeLabel>> typeSource;
    private final Function<Collection<String>, Map<String, List<Attachment>>> attachmentSource;
    private Map<String, TypeLabel> typeLabels;
    /** The attached attachments of the volumes being viewed, read once per view or list. */
    private Map<String, List<Attachment>> attached = Map.of();

    /**
     * @param linkProject the project in the request's URL, or {@code null} for a project-less URL:
     *                    links name the project only when the request did, as Cinder's do
     * @param types       the types' names and encryption by id, read once per request when a view needs them
     * @param attachments the attached attachments of volumes, by volume id
     */
    VolumeViews(URI base, String linkProject, ApiVersion version, boolean admin, Supplier<Map<String, TypeLabel>> types,
            Function<Collection<String>, Map<String, List<Attachment>>> attachments) {
        this.base = base;
        this.linkProject = linkProject;
        this.version = version;
        this.admin = admin;
        this.typeSource = types;
        this.attachmentSource = attachments;
    }

    /** The volume's type as the view shows it; none for a volume without one (or whose type is gone). */
    private TypeLabel type(String typeId) {
        if (typeLabels == null) {
            typeLabels = typeSource.get();
        }
        return typeId == null ? null : typeLabels.get(typeId);
    }

    Map<String, Object> summary(Volume volume) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("links", links(volume));
        view.put("name", volume.name());
        return view;
    }

    /** The create response: the detail view without the {@code os-vol-*} extension attributes. */
    Map<String, Object> created(Volume volume) {
        return view(volume, false);
    }

    /**
     * The update response: the detail view with the attachments but without the {@code os-vol-*}
     * extension attributes, which Cinder adds to show and list only.
     */
    Map<String, Object> updated(Volume volume) {
        attached = attachmentSource.apply(List.of(volume.id()));
        return view(volume, false);
    }

    /** The show and detail view. */
    Map<String, Object> detail(Volume volume) {
        attached = attachmentSource.apply(List.of(volume.id()));
        return view(volume, true);
    }

    List<Map<String, Object>> summaries(List<Volume> volumes) {
        List<Map<String, Object>> views = new ArrayList<>(volumes.size());
        volumes.forEach(volume -> views.add(summary(volume)));
        return views;
    }

    List<Map<String, Object>> details(List<Volume> volumes) {
        List<Map<String, Object>> views = new ArrayList<>(volumes.size());
        attached = attachmentSource.apply(volumes.stream().map(Volume::id).toList());
        volumes.forEach(volume -> views.add(view(volume, true)));
        return views;
    }

    private Map<String, Object> view(Volume volume, boolean extensions) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("attachments", attached.getOrDefault(volume.id(), List.of()).stream().map(this::attachment).toList());
        view.put("availability_zone", volume.availabilityZone());
        view.put("bootable", Boolean.toString(volume.bootable()));
        view.put("consistencygroup_id", null);
        view.put("created_at", OpenStackResponses.time(volume.createdAt()));
        view.put("description", volume.description());
        TypeLabel type = type(volume.volumeTypeId());
        view.put("encrypted", type != null && type.encrypted());
        view.put("id", volume.id());
        view.put("links", links(volume));
        view.put("metadata", metadata(volume));
        if (admin) {
            view.put("migration_status", null);
        }
        view.put("multiattach", volume.multiattach());
        view.put("name", volume.name());
        if (extensions) {
            if (admin) {
                view.put("os-vol-host-attr:host", volume.host());
                view.put("os-vol-mig-status-attr:migstat", null);
                view.put("os-vol-mig-status-attr:name_id", null);
            }
            view.put("os-vol-tenant-attr:tenant_id", volume.projectId());
            // Cinder's volume_image_metadata extension: show and list, for a volume made from an image.
            if (!volume.imageMetadata().isEmpty()) {
                view.put("volume_image_metadata", volume.imageMetadata());
            }
        }
        view.put("replication_status", null);
        view.put("size", volume.sizeGb());
        view.put("snapshot_id", volume.snapshotId());
        view.put("source_volid", volume.sourceVolumeId());
        view.put("status", volume.status().wireName());
        view.put("updated_at", OpenStackResponses.time(volume.updatedAt()));
        view.put("user_id", volume.userId());
        view.put("volume_type", type == null ? null : type.name());
        if (version.atLeast(ApiVersion.GROUP_VOLUME)) {
            view.put("group_id", null);
        }
        if (admin && version.atLeast(ApiVersion.VOLUME_DETAIL_PROVIDER_ID)) {
            view.put("provider_id", null);
        }
        if (version.atLeast(ApiVersion.VOLUME_SHARED_TARGETS_AND_SERVICE_FIELDS)) {
            view.put("service_uuid", null);
            view.put("shared_targets", false);
        }
        if (admin && version.atLeast(ApiVersion.VOLUME_CLUSTER_NAME)) {
            view.put("cluster_name", null);
        }
        if (version.atLeast(ApiVersion.VOLUME_TYPE_ID_IN_VOL_DETAIL)) {
            view.put("volume_type_id", volume.volumeTypeId());
        }
        if (version.atLeast(ApiVersion.USE_QUOTA)) {
            view.put("consumes_quota", true);
        }
        return view;
    }

    /** Cinder's entry for an attached attachment; the host is for administrators' eyes only. */
    private Map<String, Object> attachment(Attachment attachment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", attachment.volumeId());
        view.put("attachment_id", attachment.id());
        view.put("volume_id", attachment.volumeId());
        view.put("server_id", attachment.instanceUuid());
        view.put("host_name", admin ? attachment.attachedHost() : null);
        view.put("device", attachment.mountpoint());
        view.put("attached_at", OpenStackResponses.time(attachment.attachedAt()));
        return view;
    }

    /** The user's metadata, with the read-only flag once set, as Cinder shows its admin metadata. */
    private static Map<String, String> metadata(Volume volume) {
        if (volume.readOnly() == null) {
            return volume.metadata();
        }
        Map<String, String> metadata = new TreeMap<>(volume.metadata());
        metadata.put("readonly", volume.readOnly() ? "True" : "False");
        return metadata;
    }

    private List<Map<String, String>> links(Volume volume) {
        return OpenStackResponses.links(base, linkProject, "volumes", volume.id());
    }
}
