package org.scoria.messaging.command;

import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * Check an imported backup against its store (its manifest) and make it available with its data timestamp.
 *
 * @since 1.0
 */
public record ImportBackup(String backupId, String requestId, Instant dataTimestamp) implements BackupCommand {

    @Override
    public String type() {
        return Command.IMPORT_BACKUP;
    }

    @Override
    public String resourceId() {
        return backupId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().put(Command.DATA_TIMESTAMP, dataTimestamp.toString())
                .command(this);
    }
}
