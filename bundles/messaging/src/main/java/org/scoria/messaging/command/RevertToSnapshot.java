package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Put the volume back to its snapshot {@code snapshotId}.
 *
 * @since 1.0
 */
public record RevertToSnapshot(String volumeId, String requestId, String snapshotId) implements VolumeCommand {

    @Override
    public String type() {
        return Command.REVERT_TO_SNAPSHOT;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().put(Command.SNAPSHOT_ID, snapshotId)
                .command(this);
    }
}
