package org.scoria.persistence;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The journal of commands whose sending cannot share a transaction with the database write that
 * needs them. An entry is written before that write and removed once the broker has the command;
 * entries left behind by a crash are found by age and sent again.
 *
 * @since 2.5
 */
@ProviderType
public interface PendingCommandStore {

    /** Journals a command and returns its entry. */
    PendingCommand record(String destination, String body);

    /** Notes that the database write the entry's command carries on has committed; its age starts again. */
    void markWritten(String id);

    /** Forgets an entry; nothing happens when it is already gone. */
    void remove(String id);

    /**
     * The entries due to be sent again, oldest first, at most {@code limit}: those whose write
     * committed before {@code writtenBefore}, and those whose write was never noted as committed
     * and that were recorded before {@code unwrittenBefore}.
     */
    List<PendingCommand> due(Instant writtenBefore, Instant unwrittenBefore, int limit);
}
