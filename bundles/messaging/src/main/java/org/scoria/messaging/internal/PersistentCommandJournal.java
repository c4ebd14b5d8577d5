package org.scoria.messaging.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.Outbox;
import org.scoria.persistence.PendingCommand;
import org.scoria.persistence.PendingCommandStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The journal in the database, and its relay: entries older than {@code resend_after_seconds}
 * are requests a crash (or a lost broker) interrupted, or commands sent in a handler's
 * transaction; the relay sends them again under their duplicate id and forgets them.
 */
@Component(service = CommandJournal.class, configurationPid = "org.scoria.journal")
@Designate(ocd = PersistentCommandJournal.Config.class)
public class PersistentCommandJournal implements CommandJournal {

    @ObjectClassDefinition(name = "Scoria command journal",
            description = "Resends commands that a crash left between a database write and the broker.")
    public @interface Config {
        @AttributeDefinition(name = "Relay interval (s)", description = "How often the journal is searched for commands to send again.")
        int relay_interval_seconds() default 15;

        @AttributeDefinition(name = "Resend after (s)",
                description = "How old an entry must be before it is sent again; longer than any request takes to write and send.")
        int resend_after_seconds() default 60;

        @AttributeDefinition(name = "Abandoned after (s)",
                description = "How old an entry whose write was never noted as committed must be before it is sent"
                        + " anyway (its write may have committed just before a crash); longer than any write takes.")
        int abandon_after_seconds() default 600;

        @AttributeDefinition(name = "Batch", description = "Entries sent again per round at most.")
        int batch() default 500;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PersistentCommandJournal.class);

    private final PendingCommandStore store;
    private final CommandBus bus;
    private final Duration resendAfter;
    private final Duration abandonAfter;
    private final int batch;
    private final ScheduledExecutorService relay;

    @Activate
    public PersistentCommandJournal(@Reference PendingCommandStore store, @Reference CommandBus bus, Config config) {
        this.store = store;
        this.bus = bus;
        this.resendAfter = Duration.ofSeconds(config.resend_after_seconds());
        this.abandonAfter = Duration.ofSeconds(config.abandon_after_seconds());
        this.batch = config.batch();
        this.relay = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scoria-command-relay");
            thread.setDaemon(true);
            return thread;
        });
        relay.scheduleWithFixedDelay(this::relayOnce, config.relay_interval_seconds(), config.relay_interval_seconds(),
                TimeUnit.SECONDS);
    }

    @Deactivate
    public void deactivate() {
        relay.shutdownNow();
    }

    @Override
    public Entry record(String queue, Command command) {
        PendingCommand entry = store.record(queue, MessageJson.write(command));
        return new JournalEntry(entry.id(), queue, command);
    }

    /** Sends what is old enough again; a broker that cannot take it ends the round, the rest waits for the next. */
    void relayOnce() {
        try {
            Instant now = Instant.now();
            resend(store.due(now.minus(resendAfter), now.minus(abandonAfter), batch));
        } catch (MessagingException e) {
            LOG.warn("The command journal waits for the broker: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("The command journal's relay failed; it tries again", e);
        }
    }

    @Override
    public int resendNow(Set<String> destinations) throws MessagingException {
        Instant now = Instant.now();
        // Written entries only: an unwritten one may still be followed by its write (see relayOnce).
        // Every written entry (not a batch of all destinations' oldest, which could miss these): few are left unsent.
        return resend(store.due(now, now.minus(abandonAfter), Integer.MAX_VALUE).stream()
                .filter(entry -> destinations.contains(entry.destination())).toList());
    }

    private int resend(List<PendingCommand> entries) throws MessagingException {
        int sent = 0;
        for (PendingCommand entry : entries) {
            Command command;
            try {
                command = MessageJson.read(entry.body(), Command.class);
            } catch (IllegalArgumentException e) {
                LOG.error("Dropped journal entry {} for {}: its command cannot be read ({})", entry.id(),
                        entry.destination(), e.getMessage());
                store.remove(entry.id());
                continue;
            }
            bus.send(entry.destination(), command, entry.id());
            store.remove(entry.id());
            sent++;
            LOG.info("[{}] Sent {} for {} to {} again from the journal (recorded {}); the broker drops it if it"
                    + " already had it", command.requestId(), command.type(), command.resourceId(),
                    entry.destination(), entry.recordedAt());
        }
        return sent;
    }

    private final class JournalEntry implements Entry {

        private final String id;
        private final String queue;
        private final Command command;

        JournalEntry(String id, String queue, Command command) {
            this.id = id;
            this.queue = queue;
            this.command = command;
        }

        @Override
        public void written() {
            try {
                store.markWritten(id);
            } catch (RuntimeException e) {
                // The write committed: failing the request now would lie. Unmarked, the entry is resent later.
                LOG.warn("[{}] Could not mark journal entry {} written ({}); if the send fails too, it is sent again"
                        + " after abandon_after_seconds", command.requestId(), id, e.getMessage());
            }
        }

        @Override
        public void send() {
            bus.send(queue, command, id);
            try {
                store.remove(id);
            } catch (RuntimeException e) {
                // Sent: the relay's resend under the same id is dropped by the broker. Not the caller's failure.
                LOG.warn("[{}] Sent {} for {}, but could not forget its journal entry {}: {}", command.requestId(),
                        command.type(), command.resourceId(), id, e.getMessage());
            }
        }

        @Override
        public void send(Outbox outbox) {
            outbox.send(queue, command, id);
        }

        @Override
        public void forget() {
            store.remove(id);
        }
    }
}
