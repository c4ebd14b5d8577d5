package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * Write the backup into the volume {@code volumeId}; {@code newVolume} when that volume is being created for it.
 *
 * @since 1.0
 */
public record RestoreBackup(String backupId, String requestId, String volumeId, boolean newVolume)
        implements BackupCommand {

    @Override
    public String type() {
        return Command.RESTORE_BACKUP;
    }

    @Override
    public String resourceId() {
        return backupId;
    }

    @Override
    public Command toCommand() {
        return WireArguments.empty().put(Command.VOLUME_ID, volumeId).put(Command.NEW_VOLUME, newVolume)
                .command(this);
    }
}
