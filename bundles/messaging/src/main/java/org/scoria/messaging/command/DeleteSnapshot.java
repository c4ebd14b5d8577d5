package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Delete the snapshot.
 *
 * @since 1.0
 */
public record DeleteSnapshot(String snapshotId, String requestId) implements VolumeCommand {

    @Override
    public String type() {
        return Command.DELETE_SNAPSHOT;
    }

    @Override
    public String resourceId() {
        return snapshotId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().command(this);
    }
}
