package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * The commands of the scheduler's queue.
 *
 * @since 1.0
 */
public sealed interface SchedulerCommand extends TypedCommand permits ScheduleCreateVolume {

    /** @throws UnknownCommandException when the family has no such command */
    static SchedulerCommand read(Command command) {
        if (ScheduleCreateVolume.TYPE.equals(command.type())) {
            return ScheduleCreateVolume.read(command);
        }
        throw new UnknownCommandException("scheduler command", command);
    }
}
