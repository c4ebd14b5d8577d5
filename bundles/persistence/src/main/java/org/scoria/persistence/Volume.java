package org.scoria.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * A volume as stored. Immutable: a status change produces a new row version in the database,
 * read it again with {@link VolumeStore#find(String)}.
 *
 * @param host             where the scheduler placed it, Cinder's {@code host@backend#pool}, or {@code null}
 * @param statusReason     why the volume is in {@code error}, in words a user can act on, or {@code null}
 * @param providerLocation what the driver recorded when it created the volume, or {@code null}
 * @param readOnly         the read-only flag an administrator set, or {@code null} when never set
 * @param multiattach      whether it may be attached to several consumers at once (from its type at create; since 3.0)
 * @param snapshotId       the snapshot the volume was created from, or {@code null}
 * @param sourceVolumeId   the volume it was cloned from, or {@code null}
 * @param volumeTypeId     its volume type, or {@code null} for the default type
 * @param metadata         the user's key/value metadata, never {@code null}
 * @param imageMetadata    what it records of the image it was made from (Cinder's {@code volume_image_metadata}),
 *                         empty for a volume made from none; never {@code null} @since 4.0
 * @since 1.0
 */
public record Volume(String id, String projectId, String userId, String name, String description, int sizeGb,
        VolumeStatus status, String statusReason, String host, String availabilityZone, String providerLocation,
        boolean bootable, Boolean readOnly, boolean multiattach, String snapshotId, String sourceVolumeId, String volumeTypeId,
        Map<String, String> metadata, Instant createdAt, Instant updatedAt, Instant scheduledAt, Instant launchedAt,
        Map<String, String> imageMetadata) {

    public Volume {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        imageMetadata = imageMetadata == null ? Map.of() : Map.copyOf(imageMetadata);
    }

    /** The backend part of {@link #host()}, {@code host@backend}, which names the backend's queue. */
    public String backendHost() {
        return backendOf(host);
    }

    /**
     * The backend ({@code host@backend}) of a pool host ({@code host@backend#pool}), or {@code null} for none.
     *
     * @since 2.5
     */
    public static String backendOf(String poolHost) {
        if (poolHost == null) {
            return null;
        }
        int pool = poolHost.indexOf('#');
        return pool < 0 ? poolHost : poolHost.substring(0, pool);
    }
}
