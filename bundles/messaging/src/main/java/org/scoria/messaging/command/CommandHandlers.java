package org.scoria.messaging.command;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.scoria.messaging.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of one command family, each registered for its command's type. A family is
 * sealed: {@link #complete()} checks that every member has its handler, so a command added to a
 * family without one fails where its consumer starts, not when the first one arrives.
 *
 * @param <F> the family
 * @param <X> what the consumer hands each handler besides the command (its driver, its outbox)
 * @param <R> what a handler answers ({@code Void} for commands)
 * @since 1.0
 */
public final class CommandHandlers<F extends TypedCommand, X, R> {

    /** Answers one type of call. */
    @FunctionalInterface
    public interface Handler<C, X, R> {
        R handle(C command, X context) throws Exception;
    }

    /** Carries out one type of command, which answers nothing. */
    @FunctionalInterface
    public interface Step<C, X> {
        void handle(C command, X context) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandHandlers.class);

    private final Class<F> family;
    private final Function<Command, F> reader;
    private final Map<Class<?>, Handler<?, X, R>> handlers = new HashMap<>();

    private CommandHandlers(Class<F> family, Function<Command, F> reader) {
        this.family = family;
        this.reader = reader;
    }

    /**
     * @param family the sealed family
     * @param reader its {@code read}, which makes a member of a command on the wire
     */
    public static <F extends TypedCommand, X, R> CommandHandlers<F, X, R> of(Class<F> family,
            Function<Command, F> reader) {
        return new CommandHandlers<>(family, reader);
    }

    /** Registers what answers the calls of {@code type}. */
    public <C extends F> CommandHandlers<F, X, R> answer(Class<C> type, Handler<? super C, X, R> handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException(type.getSimpleName() + " has two handlers");
        }
        return this;
    }

    /** Registers what carries out the commands of {@code type}; they answer {@code null}. */
    public <C extends F> CommandHandlers<F, X, R> on(Class<C> type, Step<? super C, X> step) {
        return answer(type, (command, context) -> {
            step.handle(command, context);
            return null;
        });
    }

    /**
     * @return these handlers
     * @throws IllegalStateException when a member of the sealed family has no handler
     */
    public CommandHandlers<F, X, R> complete() {
        List<String> missing = Arrays.stream(family.getPermittedSubclasses()).filter(type -> !handlers.containsKey(type))
                .map(Class::getSimpleName).sorted().collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new IllegalStateException(family.getSimpleName() + " without a handler: " + String.join(", ", missing));
        }
        return this;
    }

    /**
     * Reads a command of the queue and hands it to the handler of its type. A command the family
     * cannot read (a type this build does not know, an argument missing) is logged and dropped:
     * delivering it again would not make it readable.
     *
     * @return what the handler answered; {@code null} for a dropped command
     */
    public R handle(Command wire, X context) throws Exception {
        F command;
        try {
            command = reader.apply(wire);
        } catch (IllegalArgumentException unreadable) {
            LOG.warn("[{}] Dropped a command of the {} queue that cannot be read: {}", wire.requestId(),
                    family.getSimpleName(), unreadable.getMessage());
            return null;
        }
        return handle(command, context);
    }

    /** Hands the command to the handler of its type. */
    @SuppressWarnings("unchecked")
    public R handle(F command, X context) throws Exception {
        Handler<F, X, R> handler = (Handler<F, X, R>) handlers.get(command.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + command.getClass().getSimpleName());
        }
        return handler.handle(command, context);
    }
}
