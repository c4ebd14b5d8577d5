package org.scoria.messaging.command;

import java.util.Objects;

import org.scoria.messaging.Command;

/**
 * The commands of a backend's queue: work its volume manager does on its volumes and snapshots.
 *
 * @since 1.0
 */
public sealed interface VolumeCommand extends TypedCommand
        permits CreateVolume, DeleteVolume, ExtendVolume, RevertToSnapshot, CreateSnapshot, DeleteSnapshot,
        CopyVolumeToImage, ReimageVolume {

    /** @throws UnknownCommandException when the family has no such command */
    static VolumeCommand read(Command command) {
        String id = command.resourceId();
        String requestId = command.requestId();
        WireArguments arguments = WireArguments.of(command);
        return switch (command.type()) {
            case Command.CREATE_VOLUME ->
                    new CreateVolume(id, requestId, Placement.read(arguments, command.arguments()),
                            ImageSource.read(arguments));
            case Command.DELETE_VOLUME -> new DeleteVolume(id, requestId);
            case Command.EXTEND_VOLUME -> new ExtendVolume(id, requestId, arguments.number(Command.NEW_SIZE));
            case Command.REVERT_TO_SNAPSHOT ->
                    new RevertToSnapshot(id, requestId, arguments.required(Command.SNAPSHOT_ID));
            case Command.CREATE_SNAPSHOT -> new CreateSnapshot(id, requestId);
            case Command.DELETE_SNAPSHOT -> new DeleteSnapshot(id, requestId);
            case Command.COPY_VOLUME_TO_IMAGE -> new CopyVolumeToImage(id, requestId, ImageSource.read(arguments),
                    arguments.required(Command.DISK_FORMAT), Objects.requireNonNullElse(
                            arguments.optional(Command.PREVIOUS_STATUS), CopyVolumeToImage.AVAILABLE));
            case Command.REIMAGE_VOLUME -> new ReimageVolume(id, requestId, ImageSource.read(arguments),
                    arguments.required(Command.PREVIOUS_STATUS));
            default -> throw new UnknownCommandException("volume command", command);
        };
    }
}
