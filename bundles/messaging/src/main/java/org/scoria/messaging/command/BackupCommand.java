package org.scoria.messaging.command;

import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * The commands of the backup manager's queue.
 *
 * @since 1.0
 */
public sealed interface BackupCommand extends TypedCommand
        permits CreateBackup, RestoreBackup, DeleteBackup, ImportBackup {

    String backupId();

    /** @throws UnknownCommandException when the family has no such command */
    static BackupCommand read(Command command) {
        String id = command.resourceId();
        String requestId = command.requestId();
        WireArguments arguments = WireArguments.of(command);
        return switch (command.type()) {
            case Command.CREATE_BACKUP -> new CreateBackup(id, requestId);
            case Command.RESTORE_BACKUP -> new RestoreBackup(id, requestId, arguments.required(Command.VOLUME_ID),
                    Boolean.parseBoolean(arguments.optional(Command.NEW_VOLUME)));
            case Command.DELETE_BACKUP -> new DeleteBackup(id, requestId);
            case Command.IMPORT_BACKUP -> new ImportBackup(id, requestId,
                    Instant.parse(arguments.required(Command.DATA_TIMESTAMP)));
            default -> throw new UnknownCommandException("backup command", command);
        };
    }
}
