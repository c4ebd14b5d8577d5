package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Delete the backup's objects.
 *
 * @since 1.0
 */
public record DeleteBackup(String backupId, String requestId) implements BackupCommand {

    @Override
    public Command toCommand() {
        return WireArguments.empty().command(Command.DELETE_BACKUP, backupId, requestId);
    }
}
