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

    void send(String queue, Command command);
}
