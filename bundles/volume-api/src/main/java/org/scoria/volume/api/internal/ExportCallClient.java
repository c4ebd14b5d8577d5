package org.scoria.volume.api.internal;

import java.time.Duration;
import java.util.Map;

import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.command.ExportCall;
import org.scoria.messaging.command.ExportCallSender;
import org.scoria.messaging.command.InitializeConnection;
import org.scoria.messaging.command.TerminateConnection;
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

    private final ExportCallSender exports;
    private final Duration callTimeout;

    ExportCallClient(CommandBus bus, Duration callTimeout) {
        this.exports = new ExportCallSender(bus);
        this.callTimeout = callTimeout;
    }

    /** Exports the volume to the consumer; answers the connection info. */
    Map<String, Object> export(RequestContext context, Volume volume, String connectorJson, String mode) {
        return call(context, volume, new InitializeConnection(volume.id(), context.requestId(), connectorJson,
                ExportCall.deadlineIn(callTimeout), mode));
    }

    /** Ends the consumer's export of the volume (every consumer's, without a connector). */
    void endExport(RequestContext context, Volume volume, String connectorJson) {
        call(context, volume, new TerminateConnection(volume.id(), context.requestId(), connectorJson,
                ExportCall.deadlineIn(callTimeout)));
    }

    /**
     * A synchronous call to the volume manager serving the volume's backend. A backend that does
     * not answer in time, or whose driver fails, is 503: the request may succeed later (e.g. once
     * a driver being updated is back); a call the backend found invalid is 400.
     */
    private Map<String, Object> call(RequestContext context, Volume volume, ExportCall call) {
        if (volume.host() == null) {
            throw new InvalidVolumeStateException("Volume " + volume.id() + " is on no backend (status "
                    + volume.status().wireName() + "); it cannot be exported.");
        }
        try {
            return exports.call(volume.backendHost(), call, callTimeout);
        } catch (CallFailedException e) {
            LOG.warn("[{}] {} of volume {} failed: {}", context.requestId(), call.type(), volume.id(), e.getMessage());
            if (CallFailedException.INVALID.equals(e.code())) {
                throw new InvalidInputException(e.getMessage());
            }
            throw new ServiceUnavailableException(e.getMessage());
        } catch (MessagingException e) {
            LOG.warn("[{}] {} of volume {} got no answer: {}", context.requestId(), call.type(), volume.id(),
                    e.getMessage());
            throw new ServiceUnavailableException("The backend " + volume.backendHost() + " of volume " + volume.id()
                    + " did not answer within " + callTimeout.toSeconds() + " s; try again later.");
        }
    }
}
