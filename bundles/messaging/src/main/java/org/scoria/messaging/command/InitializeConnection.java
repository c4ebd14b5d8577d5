package org.scoria.messaging.command;

import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * Export the volume to the consumer; answered with the connection info, {@code {driver_volume_type, data}}.
 *
 * @param mode {@code rw} or {@code ro}; {@code null} for the volume's own
 * @since 1.0
 */
public record InitializeConnection(String volumeId, String requestId, String connector, Instant deadline, String mode)
        implements ExportCall {

    @Override
    public String work() {
        return "export";
    }

    @Override
    public String type() {
        return Command.INITIALIZE_CONNECTION;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ExportCall.common(this).put(Command.ATTACH_MODE, mode)
                .command(this);
    }
}
