package org.scoria.messaging;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends commands that must not be lost to a crash between a database write and the send. The
 * command is journaled before the write, noted as written after it; once sent, its entry is
 * forgotten. What a crash leaves
 * in the journal is sent again later, under the same duplicate id, so the broker takes each
 * command once: a command sent before the crash is not delivered twice, and one that never left
 * is delivered. Handlers must tolerate a command whose write never happened (a guarded status
 * update that finds nothing to do).
 *
 * @since 1.4
 */
@ProviderType
public interface CommandJournal {

    /** An entry of the journal: a command not yet known to be in the broker. */
    @ProviderType
    interface Entry {

        /**
         * Notes that the database write the command carries on has committed. Until then the
         * relay leaves the entry alone for a long while ({@code abandon_after_seconds}), so that a
         * slow write is never overtaken by its own command.
         */
        void written();

        /**
         * Sends the command now, then forgets the entry.
         *
         * @throws MessagingException when the broker cannot take it; the entry stays for a later resend
         *                            unless {@link #forget() forgotten}
         */
        void send();

        /** Sends the command in the transaction of the command being handled; the relay forgets the entry later. */
        void send(Outbox outbox);

        /** Forgets the entry: its write was refused or undone, and the command must not be sent. */
        void forget();
    }

    /** Journals {@code command} for {@code queue}; call this before the database write that needs it. */
    Entry record(String queue, Command command);

    /**
     * Sends the written entries for these destinations now instead of at the relay's next round
     * (Cinder's workers cleanup, on demand); an entry whose command is in the broker already is
     * dropped there as a duplicate.
     *
     * @return how many entries were sent
     * @throws MessagingException when the broker cannot take them; the relay sends them later
     * @since 1.9
     */
    int resendNow(Set<String> destinations) throws MessagingException;
}
