package org.scoria.volume.api.internal;

import java.util.function.Supplier;

import org.scoria.fault.FaultPoints;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.command.TypedCommand;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a request changes and sends the command that carries it on, so that neither a
 * crash nor a broker that is away leaves the resource waiting for a command that never left.
 */
final class CommandSender {

    private static final Logger LOG = LoggerFactory.getLogger(CommandSender.class);

    private final CommandJournal journal;

    CommandSender(CommandJournal journal) {
        this.journal = journal;
    }

    /**
     * Journals {@code command}, runs {@code write}, notes it written, then sends the command. A
     * crash after the write leaves the journal entry, which is sent later; a write that refuses
     * (throws) sends nothing. When the broker cannot take the command, runs {@code undo} and refuses with 503.
     *
     * @param subject what the command is about, for the log (e.g. {@code volume <id>})
     * @return what {@code write} returned
     */
    <T> T writeAndSend(RequestContext context, String destination, TypedCommand command, String subject,
            Supplier<T> write, Runnable undo) {
        CommandJournal.Entry entry = journal.record(destination, command.toCommand());
        T written;
        try {
            written = write.get();
        } catch (RuntimeException refused) {
            entry.forget();
            throw refused;
        }
        entry.written();
        FaultPoints.reach("api." + command.type() + ".written");
        try {
            entry.send();
        } catch (MessagingException e) {
            try {
                undo.run();
                entry.forget();
            } catch (RuntimeException undoFailed) {
                // The entry stays: the relay sends the command later, and the request is not lost.
                LOG.error("[{}] Could not undo {} of {} after the broker refused it; the journal sends it later: {}",
                        context.requestId(), command.type(), subject, undoFailed.getMessage());
                return written;
            }
            LOG.error("[{}] {} of {} could not be queued for {}: {}", context.requestId(), command.type(), subject,
                    destination, e.getMessage());
            throw new ServiceUnavailableException("The volume service cannot take requests right now; try again later.");
        }
        return written;
    }

    /** The reason a resource's status records when its request could not be queued. */
    static String notQueued(TypedCommand command) {
        return "The " + command.type() + " request could not reach the volume manager; try again.";
    }
}
