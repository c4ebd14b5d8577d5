package org.scoria.messaging;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles the commands of one queue. The message is acknowledged only when this returns; if it
 * throws, the message goes back to the broker and is delivered again later, so a handler must
 * be idempotent. Work that must not be retried (a validation failure, a driver error that puts
 * the volume in {@code error}) is recorded and the handler returns normally.
 *
 * @since 1.0
 */
@ConsumerType
@FunctionalInterface
public interface CommandHandler {

    void handle(Command command, Outbox outbox) throws Exception;
}
