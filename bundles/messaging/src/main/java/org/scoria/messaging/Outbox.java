package org.scoria.messaging;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends commands in the same broker transaction as the acknowledgement of the command being
 * handled: they leave only if the handler succeeds.
 *
 * @since 1.0
 */
@ProviderType
public interface Outbox {

    default void send(String queue, Command command) {
        send(queue, command, null);
    }

    /**
     * As {@link #send(String, Command)}; the broker drops the command when it already took one
     * with the same {@code duplicateId} ({@code null} for none).
     *
     * @since 1.4
     */
    void send(String queue, Command command, String duplicateId);
}
