package org.scoria.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;

/** Cinder v3 snapshot bodies: the one place that decides which fields an answer has, by operation and microversion. */
final class SnapshotViews {

    private SnapshotViews() {
    }

    /** The list's entry: Cinder's summary, the same at every microversion. */
    static Map<String, Object> summary(Snapshot snapshot) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", OpenStackResponses.time(snapshot.createdAt()));
        view.put("updated_at", OpenStackResponses.time(snapshot.updatedAt()));
        view.put("name", snapshot.name());
        view.put("description", snapshot.description());
        view.put("id", snapshot.id());
        view.put("size", snapshot.volumeSizeGb());
        view.put("status", snapshot.status().wireName());
        view.put("volume_id", snapshot.volumeId());
        view.put("metadata", snapshot.metadata());
        return view;
    }

    /**
     * Cinder's detail view, which create, update, show and the detailed list answer: the summary
     * with the fields of later microversions; {@code extended} adds the extended attributes that
     * show and the detailed list carry.
     */
    static Map<String, Object> detail(Snapshot snapshot, ApiCall call, boolean extended) {
        Map<String, Object> view = summary(snapshot);
        if (extended) {
            view.put("os-extended-snapshot-attributes:progress", progress(snapshot));
            view.put("os-extended-snapshot-attributes:project_id", snapshot.projectId());
        }
        if (call.version().atLeast(ApiVersion.GROUP_SNAPSHOTS)) {
            view.put("group_snapshot_id", null);
        }
        if (call.version().atLeast(ApiVersion.SNAPSHOT_LIST_USER_ID)) {
            view.put("user_id", snapshot.userId());
        }
        if (call.version().atLeast(ApiVersion.USE_QUOTA)) {
            view.put("consumes_quota", true);
        }
        return view;
    }

    /** What the creator last reported ({@code os-update_snapshot_status}), else 100% once available and 0% before. */
    private static String progress(Snapshot snapshot) {
        return snapshot.progress() != null ? snapshot.progress()
                : snapshot.status() == SnapshotStatus.AVAILABLE ? "100%" : "0%";
    }
}
