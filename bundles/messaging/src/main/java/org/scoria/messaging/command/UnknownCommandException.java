package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * A command on the wire that its queue's family has no member for: sent by a newer node, or to
 * the wrong queue.
 *
 * @since 1.0
 */
public class UnknownCommandException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownCommandException(String family, Command command) {
        super("no " + family + " is called " + command.type() + " (for " + command.resourceId() + ")");
    }
}
