package org.scoria.persistence;

import java.util.List;
import java.util.Map;

/**
 * Which snapshots to list, as Cinder's snapshot list asks; paging as in {@link VolumeQuery}
 * (sort keys other than availability zone).
 *
 * @param projectId the project, or {@code null} for every project
 * @param volumeId  the volume, or {@code null}
 * @param nameContains a part of the name (Cinder's {@code name~}), or {@code null} @since 2.4
 * @since 2.0
 */
public record SnapshotQuery(String projectId, String volumeId, String name, String nameContains, SnapshotStatus status,
        Map<String, String> metadata, List<VolumeQuery.SortKey> sort, String marker, int offset, int limit) {

    public SnapshotQuery {
        sort = sort == null || sort.isEmpty() ? VolumeQuery.DEFAULT_SORT : List.copyOf(sort);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }

    public SnapshotQuery inProject(String project) {
        return new SnapshotQuery(project, volumeId, name, nameContains, status, metadata, sort, marker, offset, limit);
    }
}
