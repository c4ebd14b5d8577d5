package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Create the volume on this backend, with the image's data when {@code image} names one; a failure
 * of the driver's create sends it back to the scheduler with {@code placement}.
 *
 * @since 1.0
 */
public record CreateVolume(String volumeId, String requestId, Placement placement, ImageSource image)
        implements VolumeCommand {

    /** A volume made from no image. */
    public CreateVolume(String volumeId, String requestId, Placement placement) {
        this(volumeId, requestId, placement, null);
    }

    /** The same create back to the scheduler, after it failed on {@code backendHost}. */
    public ScheduleCreateVolume reschedule(String backendHost) {
        return new ScheduleCreateVolume(volumeId, requestId, placement.triedOn(backendHost), image);
    }

    @Override
    public String type() {
        return Command.CREATE_VOLUME;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ImageSource.write(image, placement.write()).command(this);
    }
}
