package org.scoria.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The snapshots table, with guarded status transitions as in {@link VolumeStore}.
 *
 * @since 2.0
 */
@ProviderType
public interface SnapshotStore {

    /**
     * Inserts a snapshot in status {@code creating}, if, and only if, its volume is in one of
     * {@code volumeStatuses} now: the volume's row is locked meanwhile, so a delete or an extend
     * of the volume cannot slip in between.
     *
     * @return the snapshot, or empty when the volume is not (or no longer) in such a status
     */
    default Optional<Snapshot> create(NewSnapshot snapshot, List<VolumeStatus> volumeStatuses) {
        return create(snapshot, volumeStatuses, QuotaLimits.UNLIMITED);
    }

    /**
     * As {@link #create(NewSnapshot, List)}, if the project stays within {@code limits} with the
     * snapshot (snapshots, and gigabytes at the volume's size; overall and for the volume's type).
     *
     * @throws QuotaExceededException when it would not; nothing is written
     * @since 2.2
     */
    default Optional<Snapshot> create(NewSnapshot snapshot, List<VolumeStatus> volumeStatuses, QuotaLimits limits) {
        return create(UUID.randomUUID().toString(), snapshot, volumeStatuses, limits);
    }

    /**
     * As {@link #create(NewSnapshot, List, QuotaLimits)}, with an id the caller chose.
     *
     * @since 2.5
     */
    Optional<Snapshot> create(String id, NewSnapshot snapshot, List<VolumeStatus> volumeStatuses, QuotaLimits limits);

    Optional<Snapshot> find(String id);

    /** @throws MissingRowException when the marker is not among the snapshots the query selects */
    List<Snapshot> query(SnapshotQuery query);

    long count(SnapshotQuery query);

    /** The volume's live snapshots, newest first. */
    List<Snapshot> ofVolume(String volumeId);

    /**
     * Compare-and-set of the status, writing the reason and the provider location that are not
     * {@code null}.
     */
    boolean transition(String id, SnapshotStatus from, SnapshotStatus to, String statusReason, String providerLocation);

    /** An administrator's reset: any status but {@code deleted}, still a compare-and-set. */
    boolean reset(String id, SnapshotStatus from, SnapshotStatus to);

    /**
     * The creator's report ({@code os-update_snapshot_status}): a compare-and-set of the status
     * that records the progress too when it is not {@code null}.
     *
     * @since 3.4
     */
    boolean report(String id, SnapshotStatus from, SnapshotStatus to, String progress);

    boolean describe(String id, VolumeDescription change);

    Optional<Map<String, String>> writeMetadata(String id, Map<String, String> metadata, boolean replace);

    boolean deleteMetadata(String id, String key);
}
