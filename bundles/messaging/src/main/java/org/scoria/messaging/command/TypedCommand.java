package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * A command as the code that sends and handles it sees it.
 *
 * @since 1.0
 */
public interface TypedCommand {

    /** The API request that started it, {@code req-<uuid>}, for logs. */
    String requestId();

    /** This command on the wire. */
    Command toCommand();

    /** Its name on the wire, e.g. {@code create_volume}: what logs and fault points call it. */
    String type();

    /** The id of the volume, snapshot or backup it concerns. */
    String resourceId();
}
