package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Place a new volume on a backend and hand it the create.
 *
 * @since 1.0
 */
public record ScheduleCreateVolume(String volumeId, String requestId, Placement placement, ImageSource image)
        implements SchedulerCommand {

    static final String TYPE = Command.SCHEDULE_CREATE_VOLUME;

    /** A volume made from no image. */
    public ScheduleCreateVolume(String volumeId, String requestId, Placement placement) {
        this(volumeId, requestId, placement, null);
    }

    /** The create this placement hands the chosen backend. */
    public CreateVolume forward(Placement placed) {
        return new CreateVolume(volumeId, requestId, placed, image);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ImageSource.write(image, placement.write()).command(this);
    }

    static ScheduleCreateVolume read(Command command) {
        WireArguments arguments = WireArguments.of(command);
        return new ScheduleCreateVolume(command.resourceId(), command.requestId(),
                Placement.read(arguments, command.arguments()), ImageSource.read(arguments));
    }
}
