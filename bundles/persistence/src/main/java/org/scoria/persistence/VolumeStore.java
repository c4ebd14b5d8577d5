package org.scoria.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The volumes table. Every status change is a compare-and-set on the current status, so that
 * two actors, or one request delivered twice, cannot both move a volume.
 *
 * @since 1.0
 */
@ProviderType
public interface VolumeStore {

    /**
     * Inserts a volume in status {@code creating} and returns it with its new id.
     *
     * @throws MissingRowException when its volume type is deleted meanwhile
     */
    default Volume create(NewVolume volume) {
        return create(volume, QuotaLimits.UNLIMITED);
    }

    /**
     * Inserts a volume in status {@code creating}, if its project stays within {@code limits}
     * with it (volumes and gigabytes, overall and of its type).
     *
     * @throws QuotaExceededException when it would not; nothing is written
     * @throws MissingRowException when its volume type is deleted meanwhile
     * @since 2.2
     */
    default Volume create(NewVolume volume, QuotaLimits limits) {
        return create(UUID.randomUUID().toString(), volume, limits);
    }

    /**
     * As {@link #create(NewVolume, QuotaLimits)}, with an id the caller chose: a command about the
     * volume can then be journaled before the volume is written.
     *
     * @since 2.5
     */
    Volume create(String id, NewVolume volume, QuotaLimits limits);

    /**
     * Moves an {@code available} volume to {@code extending}, recording the size it grows to,
     * which counts against its project's gigabytes from now on.
     *
     * @return whether the volume moved; {@code false} when it is not (or no longer) available
     * @throws QuotaExceededException when the growth would exceed a limit; nothing is written
     * @since 2.2
     */
    boolean startExtend(String id, int newSizeGb, QuotaLimits limits);

    /** The volume with this id, unless it does not exist or was deleted. */
    Optional<Volume> find(String id);

    /**
     * Per project, the volumes on a backend host and their snapshots, by project id.
     *
     * @since 3.4
     */
    List<HostUsage> usageOnHost(String backendHost);

    /** The volumes of a project, or of every project when {@code projectId} is {@code null}, oldest first. */
    List<Volume> list(String projectId);

    /**
     * One page of the volumes a query selects, in its order.
     *
     * @throws MissingRowException when the marker is not among the volumes the query selects
     * @since 1.1
     */
    List<Volume> query(VolumeQuery query);

    /**
     * How many volumes the query's filters select, ignoring its page.
     *
     * @since 1.1
     */
    long count(VolumeQuery query);

    /**
     * Moves a volume from {@code from} to {@code to} if, and only if, it is in {@code from} now.
     * A volume created for a backup's restore goes from {@code creating} to
     * {@code restoring-backup} instead of {@code available}: nobody sees it available before the
     * restore has written it.
     *
     * @return whether this call moved it
     * @throws IllegalArgumentException when the state machine does not allow {@code from → to}
     */
    boolean transition(String id, VolumeStatus from, VolumeStatus to, VolumeChange change);

    /**
     * The number and total size of the volumes the query's filters select, ignoring its page.
     *
     * @since 1.1
     */
    VolumeSummary summarize(VolumeQuery query);

    /**
     * Moves a volume from {@code from} (any status but {@code deleting}: the caller decides whether
     * a user may delete it from there) to {@code deleting}, if it has no attachment (since 3.0) and no
     * backup being made of it (since 3.2), as one transaction with its snapshots:
     * without {@code cascade} only when it has no live snapshot; with it, its snapshots move to
     * {@code deleting} too, and nothing moves if one of them is not deletable (being created or deleted).
     *
     * @return whether the volume moved
     * @since 2.0
     */
    boolean startDelete(String id, VolumeStatus from, boolean cascade);

    /**
     * Changes a volume's name and description (whichever the change sets), in any status.
     *
     * @return whether the volume exists
     * @since 1.1
     */
    boolean describe(String id, VolumeDescription change);

    /**
     * Moves a volume to {@code to} from {@code from} whatever the state machine says: an
     * administrator's reset or force. Still a compare-and-set, so it cannot undo a move it did not see.
     *
     * @return whether this call moved it
     * @since 2.0
     */
    boolean reset(String id, VolumeStatus from, VolumeStatus to, String statusReason);

    /**
     * Writes a volume's metadata: with {@code replace}, exactly these pairs; otherwise these pairs
     * over the ones it has.
     *
     * @return the metadata now, or empty when the volume does not exist
     * @since 2.0
     */
    Optional<Map<String, String>> writeMetadata(String id, Map<String, String> metadata,
            boolean replace);

    /**
     * Removes one metadata key.
     *
     * @return whether the volume had it
     * @since 2.0
     */
    boolean deleteMetadata(String id, String key);

    /**
     * Sets the bootable and read-only flags, whichever is not {@code null}.
     *
     * @return whether the volume exists
     * @since 2.0
     */
    boolean setFlags(String id, Boolean bootable, Boolean readOnly);

    /**
     * Gives a volume another type, if it still is in status {@code from} with type {@code fromTypeId}
     * (a retype that needs nothing of the backend); the new type's row is locked as a create locks it,
     * and the volume must fit the project's limits for its new type.
     *
     * @throws QuotaExceededException when it does not; nothing is written
     * @return whether the volume changed
     * @since 2.1
     */
    boolean changeType(String id, VolumeStatus from, String fromTypeId, String toTypeId, QuotaLimits limits);

    /**
     * Ends the writing of an image into a volume: from {@code downloading} to {@code available},
     * bootable, with what it records of the image (Cinder's {@code volume_glance_metadata}) and the
     * {@code change} (the provider location of a volume the driver created while it wrote), at once.
     *
     * @return whether the volume was downloading (and now is available)
     * @since 4.0
     */
    boolean imageWritten(String id, VolumeChange change, Map<String, String> imageMetadata);

    /**
     * Ends a reimage: from {@code downloading} back to {@code to} (the status it began in),
     * bootable, with what it now records of its image replacing what it recorded, at once.
     *
     * @return whether the volume was downloading
     * @since 4.0
     */
    boolean imageRewritten(String id, Map<String, String> imageMetadata, VolumeStatus to);

    /**
     * Writes pairs over a volume's image metadata (Cinder's {@code os-set_image_metadata}), unless
     * the volume is in one of {@code refusedIn}; checked and written in one transaction.
     *
     * @return the image metadata now; empty when the volume does not exist or is in one of those statuses
     * @since 4.0
     */
    Optional<Map<String, String>> writeImageMetadata(String id, Map<String, String> pairs, Set<VolumeStatus> refusedIn);

    /**
     * Removes one key of a volume's image metadata, unless the volume is in one of {@code refusedIn}.
     *
     * @return whether the volume had the key and was not in one of those statuses
     * @since 4.0
     */
    boolean deleteImageMetadata(String id, String key, Set<VolumeStatus> refusedIn);

    /**
     * What a pool ({@code host@backend#pool}) holds, with the ids of the volumes placed on it since
     * {@code placedSince}: a scheduler that placed one of those knows the counts have it.
     *
     * @since 4.0
     */
    PoolAllocation allocationOnHost(String poolHost, Instant placedSince);

    /**
     * How many requests a backend ({@code host@backend}) is still working on: its volumes and
     * their snapshots in a status that is in progress.
     *
     * @since 2.5
     */
    long countInProgressOnBackend(String backendHost);

    /** Records where the scheduler placed a {@code creating} volume that has no host yet; {@code false} if it had one. */
    boolean assignHost(String id, String host, String availabilityZone);

    /**
     * Takes a {@code creating} volume off the host its create failed on, to be placed again,
     * keeping why it failed there as its reason until it is placed.
     *
     * @param availabilityZone the zone the create asked for, or {@code null}
     * @return {@code false} when the volume is no longer creating on that host
     * @since 2.3
     */
    boolean releaseHost(String id, String host, String availabilityZone, String reason);

    /**
     * Removes a volume's row outright. Only for a create whose request never left the API, so
     * that nothing of it remains.
     */
    void purge(String id);
}
