package org.scoria.volume.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotQuery;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.VolumeDescription;

/**
 * Snapshot operations on behalf of a user, scoped to the user's project as volumes are.
 *
 * @since 2.0
 */
@ProviderType
public interface SnapshotService {

    /**
     * Stores the snapshot as {@code creating} and asks the volume's backend to take it.
     *
     * @throws VolumeNotFoundException when the volume does not exist or is not the caller's
     * @throws InvalidVolumeStateException when the volume is not {@code available}
     */
    Snapshot create(RequestContext context, CreateSnapshotRequest request);

    /** @throws ResourceNotFoundException when the snapshot does not exist or is not the caller's */
    Snapshot get(RequestContext context, String snapshotId);

    List<Snapshot> query(RequestContext context, SnapshotQuery query, boolean allProjects);

    long count(RequestContext context, SnapshotQuery query, boolean allProjects);

    Snapshot update(RequestContext context, String snapshotId, VolumeDescription change);

    /** @throws InvalidInputException when the snapshot is being created or deleted */
    Snapshot delete(RequestContext context, String snapshotId);

    /** @throws PolicyNotAuthorizedException when the caller is not an administrator */
    Snapshot resetStatus(RequestContext context, String snapshotId, SnapshotStatus status);

    Map<String, String> writeMetadata(RequestContext context, String snapshotId, Map<String, String> metadata,
            boolean replace);

    void deleteMetadata(RequestContext context, String snapshotId, String key);
}
