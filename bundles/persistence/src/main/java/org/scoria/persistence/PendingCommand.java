package org.scoria.persistence;

import java.time.Instant;

/**
 * A command journaled for sending.
 *
 * @param id          also the broker's duplicate-detection id, so that sending it twice delivers it once
 * @param destination the queue it goes to
 * @param body        the command as the bus writes it
 * @since 2.5
 */
public record PendingCommand(String id, String destination, String body, Instant recordedAt) {
}
