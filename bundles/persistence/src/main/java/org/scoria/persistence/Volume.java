package org.scoria.persistence;

import java.time.Instant;

/**
 * A volume as stored. Immutable: a status change produces a new row version in the database,
 * read it again with {@link VolumeStore#find(String)}.
 *
 * @param host             where the scheduler placed it, Cinder's {@code host@backend#pool}, or {@code null}
 * @param statusReason     why the volume is in {@code error}, in words a user can act on, or {@code null}
 * @param providerLocation what the driver recorded when it created the volume, or {@code null}
 * @since 1.0
 */
public record Volume(String id, String projectId, String userId, String name, String description, int sizeGb,
        VolumeStatus status, String statusReason, String host, String availabilityZone, String providerLocation,
        Instant createdAt, Instant updatedAt, Instant scheduledAt, Instant launchedAt) {

    /** The backend part of {@link #host()}, {@code host@backend}, which names the backend's queue. */
    public String backendHost() {
        if (host == null) {
            return null;
        }
        int pool = host.indexOf('#');
        return pool < 0 ? host : host.substring(0, pool);
    }
}
