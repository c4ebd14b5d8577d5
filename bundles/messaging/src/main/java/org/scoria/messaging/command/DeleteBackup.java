package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Delete the backup's objects.
 *
 * @since 1.0
 */
public record DeleteBackup(String backupId, String requestId) implements BackupCommand {

    @Override
    public String type() {
        return Command.DELETE_BACKUP;
    }

    @Override
    public String resourceId() {
        return backupId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().command(this);
    }
}
