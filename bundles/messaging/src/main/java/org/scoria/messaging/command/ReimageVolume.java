package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Write the image over the {@code downloading} volume's data (Cinder's {@code os-reimage}), then
 * put it back in {@code previousStatus}, the status (Cinder's wire name) it was in when asked.
 *
 * @since 1.0
 */
public record ReimageVolume(String volumeId, String requestId, ImageSource image, String previousStatus)
        implements VolumeCommand {

    @Override
    public String type() {
        return Command.REIMAGE_VOLUME;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ImageSource.write(image, WireArguments.empty().put(Command.PREVIOUS_STATUS, previousStatus))
                .command(this);
    }
}
