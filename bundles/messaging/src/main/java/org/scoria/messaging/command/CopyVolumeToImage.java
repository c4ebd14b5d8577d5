package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Write the {@code uploading} volume's data into the queued image, in {@code diskFormat}
 * (Glance's name: {@code raw}, {@code qcow2}, …), and put the volume back in {@code previousStatus}
 * (Cinder's wire name): {@code available}, or {@code in-use} for a forced upload, which reads a
 * temporary copy of the volume.
 *
 * @since 1.0
 */
public record CopyVolumeToImage(String volumeId, String requestId, ImageSource image, String diskFormat,
        String previousStatus) implements VolumeCommand {

    /** The status of a volume uploaded unattached; what a command of a build before forced uploads means. */
    public static final String AVAILABLE = "available";

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
        // Written only for a forced upload: an unattached one's message is the one of the builds before.
        return ImageSource.write(image, WireArguments.empty().put(Command.DISK_FORMAT, diskFormat)
                .put(Command.PREVIOUS_STATUS, AVAILABLE.equals(previousStatus) ? null : previousStatus)).command(this);
    }
}
