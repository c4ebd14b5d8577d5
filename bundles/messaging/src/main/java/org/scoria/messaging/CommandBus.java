package org.scoria.messaging;

import java.time.Duration;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Scoria's message bus: durable queues for commands, topics for events.
 *
 * @since 1.0
 */
@ProviderType
public interface CommandBus {

    /**
     * Sends a persistent command, outside any transaction. When this returns the broker has the
     * message.
     *
     * @throws MessagingException when the broker cannot be reached
     */
    default void send(String queue, Command command) {
        send(queue, command, null);
    }

    /**
     * As {@link #send(String, Command)}, delivered once however often it is sent with the same
     * {@code duplicateId}: the broker drops a message whose id it has already taken.
     *
     * @since 1.4
     */
    void send(String queue, Command command, String duplicateId);

    /** Starts consuming a queue with {@code concurrency} parallel consumers, each message in its own transaction. */
    Subscription consume(String queue, int concurrency, CommandHandler handler);

    /**
     * Sends a request and waits for its answer (request–reply). The request is not persistent and
     * expires in the broker with the timeout, so a request nobody took in time is never acted on
     * later.
     *
     * @return the answer, read as {@code answerType}
     * @throws CallFailedException when the handler answered with a failure
     * @throws MessagingException when no answer came within {@code timeout} or the broker cannot be reached
     * @since 1.5
     */
    <T> T call(String queue, Command command, Class<T> answerType, Duration timeout);

    /**
     * Answers the calls of a queue with {@code concurrency} parallel consumers.
     *
     * @since 1.5
     */
    Subscription answer(String queue, int concurrency, CallHandler handler);

    /** Publishes a non-persistent event (e.g. a backend report) to every current subscriber of a topic. */
    void publish(String topic, Object event);

    /** Listens to a topic; events that cannot be read as {@code type} are logged and dropped. */
    <T> Subscription subscribe(String topic, Class<T> type, Consumer<T> listener);
}
