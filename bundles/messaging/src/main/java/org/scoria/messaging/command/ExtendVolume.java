package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Grow the volume to {@code newSizeGb}.
 *
 * @since 1.0
 */
public record ExtendVolume(String volumeId, String requestId, int newSizeGb) implements VolumeCommand {

    @Override
    public String type() {
        return Command.EXTEND_VOLUME;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().put(Command.NEW_SIZE, newSizeGb)
                .command(this);
    }
}
