package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Create the volume on this backend; a failure sends it back to the scheduler with {@code placement}.
 *
 * @since 1.0
 */
public record CreateVolume(String volumeId, String requestId, Placement placement) implements VolumeCommand {

    /** The same create back to the scheduler, after it failed on {@code backendHost}. */
    public ScheduleCreateVolume reschedule(String backendHost) {
        return new ScheduleCreateVolume(volumeId, requestId, placement.triedOn(backendHost));
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
        return placement.write().command(this);
    }
}
