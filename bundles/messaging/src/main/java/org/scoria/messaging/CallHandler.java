package org.scoria.messaging;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers the synchronous calls of one queue. What it returns is sent back as JSON; what it
 * throws goes back to the caller as a {@link CallFailedException} with the same message (and
 * the code of a {@code CallFailedException} it throws). A call is never redelivered: the caller
 * has stopped waiting by then.
 *
 * @since 1.5
 */
@ConsumerType
@FunctionalInterface
public interface CallHandler {

    Object answer(Command command) throws Exception;
}
