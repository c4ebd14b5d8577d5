package org.scoria.volume.manager.internal;

import java.util.Map;

import org.scoria.messaging.CallFailedException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A consumer's connector as a call carries it: a JSON object. */
final class ConnectorJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConnectorJson() {
    }

    /** The connector's properties; none when the call carries none. */
    static Map<String, Object> read(String json) throws CallFailedException {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new CallFailedException(CallFailedException.INVALID, "The connector is not a JSON object: "
                    + e.getOriginalMessage());
        }
    }
}
