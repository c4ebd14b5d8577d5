package org.scoria.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Backups and the volume statuses their work holds. Each change is one transaction that moves
 * the backup and its volume together, guarded by both statuses, so a backup and its volume can
 * never disagree and no two requests both win.
 *
 * @since 3.1
 */
@ProviderType
public interface BackupStore {

    /**
     * Records a backup as {@code creating}. A backup of an available volume holds it: the volume
     * goes to {@code backing-up} until the backup ends. A backup of an in-use volume (with
     * {@code force}) or of an available snapshot of the volume reads a temporary copy and leaves
     * the volume as it is. An incremental backup's parent is the volume's latest available backup
     * (by data timestamp).
     *
     * @return the backup, or empty when the volume (or the snapshot) is not in a status that allows it
     * @throws QuotaExceededException    when the project's backups or backup gigabytes would go over their limit
     * @throws IllegalArgumentException  when an incremental backup is asked for a volume with no available backup
     */
    Optional<Backup> create(String id, NewBackup backup, QuotaLimits limits);

    Optional<Backup> find(String id);

    List<Backup> query(BackupQuery query);

    long count(BackupQuery query);

    /** The volume's backups, newest first. */
    List<Backup> ofVolume(String volumeId);

    /**
     * Records the backup manager's choice of store and where a backup being created writes its
     * objects, before it writes any, so that what a failure leaves can be found and removed.
     *
     * @return whether it is still being created
     */
    boolean begin(String id, String store, String container, String objectPrefix, String host);

    /**
     * A finished backup: available, what it held (its volume or snapshot) back to available, its
     * parent one dependent more. Its data timestamp is when its data was taken: the snapshot's
     * creation for a backup of a snapshot, the backup's own otherwise.
     *
     * @return whether it was still being created
     */
    boolean created(String id, long objectCount);

    /**
     * Records a backup exported from this or another deployment (Cinder's {@code import_record})
     * as {@code creating}, with the store, container, objects and parent the record names; its
     * project and user are the record's. A deleted backup with the same id is replaced. Its data
     * timestamp is set by {@link #imported}, once the backup is checked.
     *
     * @return the backup, or empty when a backup with that id exists
     * @throws IllegalArgumentException when the record names a parent that is not an available backup here
     * @since 3.2
     */
    Optional<Backup> importRecord(Backup record);

    /**
     * An imported backup checked against its store: available with its data timestamp and its
     * parent one dependent more, or in error with {@code failure}. No volume is touched.
     *
     * @return whether it was still being imported
     * @since 3.2
     */
    boolean imported(String id, long objectCount, Instant dataTimestamp, String failure);

    /**
     * Whether the backup holds its volume ({@code backing-up}) while it is made, and so may read
     * it directly; a backup of an in-use volume or of a snapshot reads a temporary copy.
     *
     * @since 3.2
     */
    boolean holdsVolume(String id);

    /** A failed backup: in error with the reason, its volume back to available. */
    boolean failed(String id, String reason);

    /**
     * Starts a restore into an existing volume: the backup goes to {@code restoring}, the volume
     * (available, at least as large as the backup) to {@code restoring-backup}.
     *
     * @return false when either is not in a status (or size) that allows it
     */
    boolean startRestore(String id, String volumeId);

    /**
     * Starts a restore into a volume being created for it: the backup goes to {@code restoring};
     * the volume is held by {@link #holdRestoreTarget} once its backend has made it.
     */
    boolean startRestoreIntoNew(String id, String volumeId);

    /**
     * The volume created for a restore is available: it goes to {@code restoring-backup}, if the
     * backup is still restoring into it.
     */
    boolean holdRestoreTarget(String id, String volumeId);

    /** A finished restore: both available again. */
    boolean restored(String id, String volumeId);

    /**
     * A failed restore: the backup available again, the volume (when the restore held it) in
     * {@code error_restoring} with the reason.
     */
    boolean restoreFailed(String id, String volumeId, String reason);

    /**
     * Starts a delete. Refused while other backups build on it.
     *
     * @return false when the backup is not in a deletable status or has dependents
     */
    boolean startDelete(String id);

    /**
     * Starts an administrator's force delete (Cinder's {@code os-force_delete}): from any status
     * but {@code deleting} and {@code deleted}, also while the backup is being made or restored,
     * whose work then stops. What that work holds is let go by {@link #deleted}. Refused while
     * other backups build on it.
     *
     * @return false when the backup is already being deleted, is gone, or has dependents
     * @since 3.5
     */
    boolean startForceDelete(String id);

    /**
     * Whether another live backup holds the same objects (the same container and prefix), as a
     * record imported from this backup's export does: its delete must leave them.
     *
     * @since 3.4
     */
    boolean objectsShared(String id);

    /**
     * A finished delete: the row soft-deleted, its parent one dependent fewer. A backup
     * force-deleted while it was made lets its volume or snapshot go (available), one
     * force-deleted while it was restored its target volume ({@code error}, the restore did not end).
     */
    boolean deleted(String id);

    /** A failed delete: {@code error_deleting} with the reason. */
    boolean deleteFailed(String id, String reason);

    /** Sets a backup's status as an admin asks ({@code available} or {@code error}), from any status but deleted. */
    boolean reset(String id, BackupStatus to);

    /**
     * A user's update: the name and description the change sets, and the metadata when it is
     * not {@code null} (replacing the backup's).
     *
     * @return false when there is no such backup
     * @since 3.4
     */
    boolean describe(String id, VolumeDescription change, Map<String, String> metadata);

    /** Records how far a create or restore has got; nothing when it is no longer running. */
    void progress(String id, int percent, long bytesPerSecond);
}
