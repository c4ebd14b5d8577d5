package org.scoria.messaging.command;

import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * Make a temporary volume named for the backup from the volume (or its snapshot) and export it
 * to the consumer; answered with its connection info, whose data holds the temporary volume's
 * {@code provider_location}. What a backup of an in-use volume or of a snapshot reads.
 *
 * @param snapshotId the snapshot to copy, or {@code null} for the volume itself
 * @since 1.0
 */
public record CreateBackupDevice(String volumeId, String requestId, String connector, Instant deadline,
        String backupId, String snapshotId) implements ExportCall {

    /** Where the answer's data says the driver keeps the temporary volume. */
    public static final String PROVIDER_LOCATION = Command.PROVIDER_LOCATION;

    @Override
    public String work() {
        return "make a backup device of";
    }

    /** The call that ends this device's export and deletes it. */
    public RemoveBackupDevice removal(String providerLocation, Instant removalDeadline) {
        return new RemoveBackupDevice(volumeId, requestId, connector, removalDeadline, backupId, providerLocation);
    }

    @Override
    public String type() {
        return Command.CREATE_BACKUP_DEVICE;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ExportCall.common(this).put(Command.BACKUP_ID, backupId).put(Command.SNAPSHOT_ID, snapshotId)
                .command(this);
    }
}
