package org.scoria.volume.api.internal;

import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.MessagingException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the commands requests start, undoing what the request wrote when the broker cannot take them. */
final class CommandSender {

    private static final Logger LOG = LoggerFactory.getLogger(CommandSender.class);

    private CommandSender() {
    }

    /**
     * Sends {@code command} to {@code destination}. When the broker cannot take it, runs
     * {@code undo}, so that nothing waits for a request that never left, and refuses with 503.
     *
     * @param subject what the command is about, for the log (e.g. {@code volume <id>})
     */
    static void send(CommandBus bus, RequestContext context, String destination, Command command, String subject,
            Runnable undo) {
        try {
            bus.send(destination, command);
        } catch (MessagingException e) {
            undo.run();
            LOG.error("[{}] {} of {} could not be queued for {}: {}", context.requestId(), command.type(), subject,
                    destination, e.getMessage());
            throw new ServiceUnavailableException("The volume service cannot take requests right now; try again later.");
        }
    }

    /** The reason a resource's status records when its request could not be queued. */
    static String notQueued(Command command) {
        return "The " + command.type() + " request could not reach the volume manager; try again.";
    }
}
