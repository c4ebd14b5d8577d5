package org.scoria.messaging.command;

import java.time.Duration;
import java.util.Map;

import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;

/**
 * The caller's side of an export call, for every part that reaches a volume: the call goes to the
 * call queue of the volume manager serving the volume's backend, and its answer is the
 * connection info, {@code {driver_volume_type, data}} (empty for the calls that end an export).
 *
 * @since 1.0
 */
public final class ExportCallSender {

    private final CommandBus bus;

    public ExportCallSender(CommandBus bus) {
        this.bus = bus;
    }

    /**
     * @param backendHost the volume's backend, {@code host@backend}
     * @throws CallFailedException when the volume manager answered with a failure
     * @throws MessagingException when it did not answer within {@code timeout}
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> call(String backendHost, ExportCall call, Duration timeout) {
        return bus.call(Destinations.volumeManagerCalls(backendHost), call.toCommand(), Map.class, timeout);
    }
}
