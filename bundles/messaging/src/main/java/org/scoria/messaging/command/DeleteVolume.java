package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Delete the volume, and the snapshots marked for deletion with it.
 *
 * @since 1.0
 */
public record DeleteVolume(String volumeId, String requestId) implements VolumeCommand {

    @Override
    public String type() {
        return Command.DELETE_VOLUME;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().command(this);
    }
}
