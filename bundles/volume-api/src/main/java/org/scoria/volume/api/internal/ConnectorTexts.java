package org.scoria.volume.api.internal;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.scoria.persistence.Attachment;
import org.scoria.volume.api.InvalidInputException;

/** Consumers' connectors as the attach flows read, compare, store and send them: JSON texts. */
final class ConnectorTexts {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The connector column's size. */
    private static final int MAX_CONNECTOR_LENGTH = 8192;

    private ConnectorTexts() {
    }

    /** The mode a connector asks for: read-only when it says so, else read-write. */
    static String modeOf(Map<String, Object> connector) {
        return Attachment.READ_ONLY.equals(connector.get("mode")) ? Attachment.READ_ONLY : Attachment.READ_WRITE;
    }

    /** The connector's host, else its initiator; {@code null} when it names neither. */
    static String consumerHost(String connectorJson) {
        try {
            JsonNode connector = JSON.readTree(connectorJson);
            String host = connector.path("host").asText("");
            return !host.isEmpty() ? "host " + host
                    : connector.path("initiator").asText("").isEmpty() ? null : "initiator " + connector.path("initiator").asText();
        } catch (JsonProcessingException unreadable) {
            return null;
        }
    }

    /** Whether two JSON texts hold the same value, whatever the order of their keys. */
    static boolean sameJson(String one, String other) {
        try {
            return other != null && JSON.readTree(one).equals(JSON.readTree(other));
        } catch (JsonProcessingException unreadable) {
            return false;
        }
    }

    /** The connector as stored and sent: JSON, of a bounded size. */
    static String connectorJson(Map<String, Object> connector) {
        String json = json(connector);
        if (json.length() > MAX_CONNECTOR_LENGTH) {
            throw new InvalidInputException("The connector is too large: " + json.length() + " characters, at most "
                    + MAX_CONNECTOR_LENGTH + ".");
        }
        return json;
    }

    static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("Cannot write " + value + " as JSON: " + e.getOriginalMessage());
        }
    }
}
