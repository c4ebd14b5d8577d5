package org.scoria.persistence;

import java.time.Instant;

/**
 * Why an asynchronous request failed, for the user who made it (Cinder's user messages).
 *
 * @param eventId     Cinder's event id, {@code VOLUME_<resource>_<action>_<detail>}
 * @param userMessage the text shown to the user
 * @since 2.3
 */
public record UserMessage(String id, String projectId, String requestId, String resourceType, String resourceUuid,
        String eventId, String messageLevel, String userMessage, Instant createdAt) {
}
