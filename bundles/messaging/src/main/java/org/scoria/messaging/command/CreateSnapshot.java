package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Take the snapshot of its volume.
 *
 * @since 1.0
 */
public record CreateSnapshot(String snapshotId, String requestId) implements VolumeCommand {

    @Override
    public Command toCommand() {
        return WireArguments.empty().command(Command.CREATE_SNAPSHOT, snapshotId, requestId);
    }
}
