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

    /** Forgets an entry; nothing happens when it is already gone. */
    void remove(String id);

    /** The oldest entries recorded before {@code cutoff}, at most {@code limit} of them. */
    List<PendingCommand> recordedBefore(Instant cutoff, int limit);
}
