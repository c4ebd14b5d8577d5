package org.scoria.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * User messages, kept until their owner deletes them or they are old enough to be removed.
 *
 * @since 2.3
 */
@ProviderType
public interface UserMessageStore {

    /** Records an error message. */
    UserMessage create(String projectId, String requestId, String resourceType, String resourceUuid, String eventId,
            String userMessage);

    Optional<UserMessage> find(String id);

    /** A project's messages ({@code null}: every project's), newest first, that match the filters that are not {@code null}. */
    List<UserMessage> list(String projectId, String resourceUuid, String resourceType, String eventId);

    boolean delete(String id);

    /** Removes the messages created before {@code cutoff}, and the deleted ones; how many. */
    int removeOlderThan(Instant cutoff);
}
