package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Write the {@code uploading} volume's data into the queued image, in {@code diskFormat}
 * (Glance's name: {@code raw}, {@code qcow2}, …), and make the volume available again.
 *
 * @since 1.0
 */
public record CopyVolumeToImage(String volumeId, String requestId, ImageSource image, String diskFormat)
        implements VolumeCommand {

    @Override
    public String type() {
        return Command.COPY_VOLUME_TO_IMAGE;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ImageSource.write(image, WireArguments.empty().put(Command.DISK_FORMAT, diskFormat)).command(this);
    }
}
