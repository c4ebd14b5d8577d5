package org.scoria.persistence;

import java.util.List;
import java.util.Map;

/**
 * Which backups to list, as Cinder's backup list asks; paging as in {@link VolumeQuery}.
 *
 * @param projectId the project, or {@code null} for every project
 * @since 3.1
 */
public record BackupQuery(String projectId, String volumeId, String name, BackupStatus status,
        Map<String, String> metadata, List<VolumeQuery.SortKey> sort, String marker, int offset, int limit) {

    public BackupQuery {
        sort = sort == null || sort.isEmpty() ? VolumeQuery.DEFAULT_SORT : List.copyOf(sort);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }
}
