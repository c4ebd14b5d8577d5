package org.scoria.rest.internal;

import java.util.Map;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Cinder's error bodies: {@code {"<faultName>": {"code": N, "message": "..."}}}, named after the status. */
final class Faults {

    private static final Map<Integer, String> NAMES = Map.of(400, "badRequest", 401, "unauthorized", 403, "forbidden",
            404, "itemNotFound", 405, "badMethod", 409, "conflictingRequest", 413, "overLimit", 415, "badMediaType",
            501, "notImplemented", 503, "serviceUnavailable");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Faults() {
    }

    static Response fault(int status, String message) {
        String name = NAMES.getOrDefault(status, "computeFault");
        String body;
        try {
            body = JSON.writeValueAsString(Map.of(name, Map.of("code", status, "message", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return OpenStackResponses.json(Response.status(status), body, null, ApiVersion.MIN).build();
    }
}
