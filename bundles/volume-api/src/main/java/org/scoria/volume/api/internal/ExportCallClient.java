package org.scoria.volume.api.internal;

import java.time.Duration;
import java.util.Map;

import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume API's side of an export call: a synchronous call to the volume manager serving a
 * volume's backend, to start or end a consumer's export of the volume. Shared by the attach
 * flows and the expiry of attachments never completed.
 */
final class ExportCallClient {

    private static final Logger LOG = LoggerFactory.getLogger(ExportCallClient.class);

    private final CommandBus bus;
    private final Duration callTimeout;

    ExportCallClient(CommandBus bus, Duration callTimeout) {
        this.bus = bus;
        this.callTimeout = callTimeout;
    }

    /**
     * A synchronous call to the volume manager serving the volume's backend. A backend that does
     * not answer in time, or whose driver fails, is 503: the request may succeed later (e.g. once
     * a driver being updated is back); a call the backend found invalid is 400.
     */
    Map<String, Object> call(RequestContext context, Volume volume, String type, String connectorJson,
            String mode) {
        if (volume.host() == null) {
            throw new InvalidVolumeStateException("Volume " + volume.id() + " is on no backend (status "
                    + volume.status().wireName() + "); it cannot be exported.");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = bus.call(Destinations.volumeManagerCalls(volume.backendHost()),
                    Command.connectionCall(type, volume.id(), context.requestId(), connectorJson, mode, callTimeout),
                    Map.class, callTimeout);
            return answer;
        } catch (CallFailedException e) {
            LOG.warn("[{}] {} of volume {} failed: {}", context.requestId(), type, volume.id(), e.getMessage());
            if (CallFailedException.INVALID.equals(e.code())) {
                throw new InvalidInputException(e.getMessage());
            }
            throw new ServiceUnavailableException(e.getMessage());
        } catch (MessagingException e) {
            LOG.warn("[{}] {} of volume {} got no answer: {}", context.requestId(), type, volume.id(), e.getMessage());
            throw new ServiceUnavailableException("The backend " + volume.backendHost() + " of volume " + volume.id()
                    + " did not answer within " + callTimeout.toSeconds() + " s; try again later.");
        }
    }
}
