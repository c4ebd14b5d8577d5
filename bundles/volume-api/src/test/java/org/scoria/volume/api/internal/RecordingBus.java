package org.scoria.volume.api.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.scoria.messaging.CallHandler;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.CommandHandler;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.Subscription;

/**
 * The broker as the volume API's unit tests see it: what was sent where, and, on demand, a broker
 * that refuses (an outage the integration tests cause for real with a stopped Artemis). The API
 * only sends; the rest of the bus is not used here.
 */
final class RecordingBus implements CommandBus {

    record Sent(String queue, Command command) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    volatile boolean refusing;

    @Override
    public void send(String queue, Command command, String duplicateId) {
        if (refusing) {
            throw new MessagingException("the broker is away", null);
        }
        sent.add(new Sent(queue, command));
    }

    @Override
    public Subscription consume(String queue, int concurrency, CommandHandler handler) {
        throw new UnsupportedOperationException("the volume API does not consume");
    }

    @Override
    public <T> T call(String queue, Command command, Class<T> answerType, Duration timeout) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public Subscription answer(String queue, int concurrency, CallHandler handler) {
        throw new UnsupportedOperationException("the volume API does not answer calls");
    }

    @Override
    public void publish(String topic, Object event) {
        throw new UnsupportedOperationException("the volume API does not publish");
    }

    @Override
    public <T> Subscription subscribe(String topic, Class<T> type, Consumer<T> listener) {
        throw new UnsupportedOperationException("the volume API does not subscribe");
    }
}
