package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Copy the backup's volume (or snapshot) into the backup's objects.
 *
 * @since 1.0
 */
public record CreateBackup(String backupId, String requestId) implements BackupCommand {

    @Override
    public String type() {
        return Command.CREATE_BACKUP;
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
