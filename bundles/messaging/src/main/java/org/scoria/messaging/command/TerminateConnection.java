package org.scoria.messaging.command;

import java.time.Instant;

import org.scoria.messaging.Command;

/**
 * End the consumer's export of the volume (every consumer's, without a connector).
 *
 * @since 1.0
 */
public record TerminateConnection(String volumeId, String requestId, String connector, Instant deadline)
        implements ExportCall {

    @Override
    public String work() {
        return "end the export of";
    }

    @Override
    public String type() {
        return Command.TERMINATE_CONNECTION;
    }

    @Override
    public String resourceId() {
        return volumeId;
    }

    @Override
    public Command toCommand() {
        return ExportCall.common(this).command(this);
    }
}
