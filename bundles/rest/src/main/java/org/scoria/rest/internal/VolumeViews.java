package org.scoria.rest.internal;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scoria.persistence.Volume;

/** Cinder v3 volume bodies at microversion 3.0, with Cinder's field names and defaults. */
final class VolumeViews {

    /** oslo's PERFECT_TIME_FORMAT: microseconds, no zone, UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private VolumeViews() {
    }

    static Map<String, Object> summary(URI base, Volume volume) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("links", links(base, volume));
        view.put("name", volume.name());
        return view;
    }

    /**
     * The detail view. {@code withOwnerAttributes} adds the {@code os-vol-tenant-attr} extension
     * that Cinder shows on show and detail, not on create.
     */
    static Map<String, Object> detail(URI base, Volume volume, boolean withOwnerAttributes) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("attachments", List.of());
        view.put("availability_zone", volume.availabilityZone());
        view.put("bootable", "false");
        view.put("consistencygroup_id", null);
        view.put("created_at", time(volume.createdAt()));
        view.put("description", volume.description());
        view.put("encrypted", false);
        view.put("id", volume.id());
        view.put("links", links(base, volume));
        view.put("metadata", Map.of());
        view.put("multiattach", false);
        view.put("name", volume.name());
        if (withOwnerAttributes) {
            view.put("os-vol-tenant-attr:tenant_id", volume.projectId());
        }
        view.put("replication_status", null);
        view.put("size", volume.sizeGb());
        view.put("snapshot_id", null);
        view.put("source_volid", null);
        view.put("status", volume.status().wireName());
        view.put("updated_at", time(volume.updatedAt()));
        view.put("user_id", volume.userId());
        view.put("volume_type", "__DEFAULT__");
        return view;
    }

    static List<Map<String, Object>> summaries(URI base, List<Volume> volumes) {
        List<Map<String, Object>> views = new ArrayList<>(volumes.size());
        volumes.forEach(volume -> views.add(summary(base, volume)));
        return views;
    }

    static List<Map<String, Object>> details(URI base, List<Volume> volumes) {
        List<Map<String, Object>> views = new ArrayList<>(volumes.size());
        volumes.forEach(volume -> views.add(detail(base, volume, true)));
        return views;
    }

    private static List<Map<String, String>> links(URI base, Volume volume) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        String path = volume.projectId() + "/volumes/" + volume.id();
        return List.of(Map.of("href", root + "v3/" + path, "rel", "self"),
                Map.of("href", root + path, "rel", "bookmark"));
    }

    private static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }
}
