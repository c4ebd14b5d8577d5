package org.scoria.messaging;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A running consumer of a queue or topic.
 *
 * @since 1.0
 */
@ProviderType
public interface Subscription extends AutoCloseable {

    /**
     * Stops taking messages and returns once the messages being handled are done, or after the
     * configured timeout, when the unfinished ones are rolled back to the broker. Messages not
     * taken yet wait in the queue.
     */
    void pause();

    /** Takes messages again after {@link #pause()}. */
    void resume();

    boolean isPaused();

    /** Stops for good, as {@link #pause()} does. */
    @Override
    void close();
}
