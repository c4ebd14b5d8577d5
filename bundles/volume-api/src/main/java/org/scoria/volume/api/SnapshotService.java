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

    /**
     * An administrator's delete from any status but {@code backing-up}: the snapshot goes to
     * {@code deleting} and its backend deletes it.
     *
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @since 3.2
     */
    Snapshot forceDelete(RequestContext context, String snapshotId);

    /**
     * The creator's report of a snapshot it makes outside Scoria (Nova's assisted snapshots,
     * Cinder's {@code os-update_snapshot_status}): {@code creating} may become {@code available}
     * or {@code error}, {@code deleting} may become {@code error_deleting}; {@code progress}, when
     * given, is recorded as it is.
     *
     * @throws InvalidInputException when the snapshot's status does not allow the report
     * @since 3.2
     */
    Snapshot reportStatus(RequestContext context, String snapshotId, SnapshotStatus status, String progress);

    Map<String, String> writeMetadata(RequestContext context, String snapshotId, Map<String, String> metadata,
            boolean replace);

    void deleteMetadata(RequestContext context, String snapshotId, String key);
}
