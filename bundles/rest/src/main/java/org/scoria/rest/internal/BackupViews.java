package org.scoria.rest.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scoria.persistence.Backup;

/** Cinder v3 backup bodies: the one place that decides which fields an answer has, by operation, microversion and role. */
final class BackupViews {

    private BackupViews() {
    }

    /**
     * Cinder's backup view; the summary is id, name and links. {@code progress} (percent done) and
     * {@code progress_rate} (bytes per second), set while a create or restore runs, are Scoria's
     * extension, shown only to a client that asks for {@link ApiCall#BACKUP_PROGRESS}.
     *
     * @param linkProject the project in the request's URL, or {@code null}
     */
    static Map<String, Object> view(Backup backup, ApiCall call, URI base, String linkProject, boolean detail) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", backup.id());
        view.put("name", backup.name());
        view.put("links", OpenStackResponses.links(base, linkProject, "backups", backup.id()));
        if (!detail) {
            return view;
        }
        view.put("status", backup.status().wireName());
        view.put("size", backup.sizeGb());
        view.put("object_count", backup.objectCount());
        view.put("availability_zone", backup.availabilityZone());
        view.put("container", backup.container());
        view.put("created_at", OpenStackResponses.time(backup.createdAt()));
        view.put("updated_at", OpenStackResponses.time(backup.updatedAt()));
        view.put("description", backup.description());
        view.put("fail_reason", backup.failReason());
        view.put("volume_id", backup.volumeId());
        view.put("is_incremental", backup.incremental());
        view.put("has_dependent_backups", backup.dependentBackups() > 0);
        view.put("snapshot_id", backup.snapshotId());
        view.put("data_timestamp", OpenStackResponses.time(backup.dataTimestamp()));
        if (call.asked(ApiCall.BACKUP_PROGRESS)) {
            view.put("progress", backup.progressPercent());
            view.put("progress_rate", backup.progressBytesPerSecond());
        }
        // The project and the user are for administrators' eyes (backup:backup_project_attribute).
        boolean owners = call.context().policy().allows("backup:backup_project_attribute", call.context());
        if (owners && call.version().atLeast(ApiVersion.BACKUP_PROJECT)) {
            view.put("os-backup-project-attr:project_id", backup.projectId());
        }
        if (call.version().atLeast(ApiVersion.BACKUP_METADATA)) {
            view.put("metadata", backup.metadata());
        }
        if (owners && call.version().atLeast(ApiVersion.BACKUP_USER_ID)) {
            view.put("user_id", backup.userId());
        }
        return view;
    }
}
