package org.scoria.volume.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.UserMessage;

/**
 * Cinder's user messages: why an asynchronous request failed. A user sees their project's; an
 * administrator anyone's.
 *
 * @since 2.3
 */
@ProviderType
public interface MessageService {

    /** The messages the caller may see, newest first, matching the filters that are not {@code null}. */
    List<UserMessage> list(RequestContext context, String resourceUuid, String resourceType, String eventId);

    UserMessage get(RequestContext context, String messageId);

    void delete(RequestContext context, String messageId);

    /** Until when a message is kept (Cinder's {@code guaranteed_until}). */
    Instant keptUntil(UserMessage message);
}
