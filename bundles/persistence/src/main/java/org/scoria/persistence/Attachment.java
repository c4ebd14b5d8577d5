package org.scoria.persistence;

import java.time.Instant;

/**
 * A volume's attachment to one consumer (a server, or a host for a legacy consumer).
 *
 * @param projectId      the volume's project
 * @param instanceUuid   the consuming server, or {@code null}
 * @param attachedHost   the host the connector named, or {@code null} before a connector
 * @param mountpoint     the device the consumer named, or {@code null}
 * @param attachMode     {@code rw} or {@code ro}, or {@code null} until a connector or the request set it
 * @param connector      the consumer's connector as JSON, or {@code null} before one was given
 * @param connectionInfo the connection info the volume's backend answered, as JSON, or {@code null}
 * @param attachedAt     when it was completed, or {@code null}
 * @param detachedAt     when it was detached, or {@code null}
 * @since 3.0
 */
public record Attachment(String id, String volumeId, String projectId, AttachStatus status, String instanceUuid,
        String attachedHost, String mountpoint, String attachMode, String connector, String connectionInfo,
        Instant createdAt, Instant updatedAt, Instant attachedAt, Instant detachedAt) {

    public static final String READ_WRITE = "rw";
    public static final String READ_ONLY = "ro";

    /** Whether the backend has exported the volume to this attachment's connector. */
    public boolean isConnected() {
        return connectionInfo != null;
    }
}
