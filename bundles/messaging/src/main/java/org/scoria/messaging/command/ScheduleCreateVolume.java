package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Place a new volume on a backend and hand it the create.
 *
 * @since 1.0
 */
public record ScheduleCreateVolume(String volumeId, String requestId, Placement placement) implements SchedulerCommand {

    static final String TYPE = Command.SCHEDULE_CREATE_VOLUME;

    /** The create this placement hands the chosen backend. */
    public CreateVolume forward(Placement placed) {
        return new CreateVolume(volumeId, requestId, placed);
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
        return placement.write().command(this);
    }

    static ScheduleCreateVolume read(Command command) {
        return new ScheduleCreateVolume(command.resourceId(), command.requestId(),
                Placement.read(WireArguments.of(command), command.arguments()));
    }
}
