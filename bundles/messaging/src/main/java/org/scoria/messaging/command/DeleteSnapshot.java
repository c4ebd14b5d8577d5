package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Delete the snapshot.
 *
 * @since 1.0
 */
public record DeleteSnapshot(String snapshotId, String requestId) implements VolumeCommand {

    @Override
    public Command toCommand() {
        return WireArguments.empty().command(Command.DELETE_SNAPSHOT, snapshotId, requestId);
    }
}
