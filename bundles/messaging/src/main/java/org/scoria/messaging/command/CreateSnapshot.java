package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Take the snapshot of its volume.
 *
 * @since 1.0
 */
public record CreateSnapshot(String snapshotId, String requestId) implements VolumeCommand {

    @Override
    public String type() {
        return Command.CREATE_SNAPSHOT;
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
