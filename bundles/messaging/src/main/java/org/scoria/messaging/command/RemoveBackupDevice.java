package org.scoria.messaging.command;

import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * End the export of the backup's temporary volume and delete it.
 *
 * @param providerLocation where the driver keeps it, as the create answered; {@code null} when
 *                         the create did not answer
 * @since 1.0
 */
public record RemoveBackupDevice(String volumeId, String requestId, String connector, Instant deadline,
        String backupId, String providerLocation) implements ExportCall {

    @Override
    public String work() {
        return "remove the backup device of";
    }

    @Override
    public String type() {
        return Command.REMOVE_BACKUP_DEVICE;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ExportCall.common(this).put(Command.BACKUP_ID, backupId).put(Command.PROVIDER_LOCATION, providerLocation)
                .command(this);
    }
}
