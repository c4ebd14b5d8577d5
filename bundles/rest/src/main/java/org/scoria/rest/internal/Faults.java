package org.scoria.rest.internal;

import java.util.Map;

import javax.ws.rs.core.Response;


/** Cinder's error bodies: {@code {"<faultName>": {"code": N, "message": "..."}}}, named after the status. */
final class Faults {

    private static final Map<Integer, String> NAMES = Map.of(400, "badRequest", 401, "unauthorized", 403, "forbidden",
            404, "itemNotFound", 405, "badMethod", 409, "conflictingRequest", 413, "overLimit", 415, "badMediaType",
            501, "notImplemented", 503, "serviceUnavailable");

    private Faults() {
    }

    static Response fault(int status, String message) {
        String name = NAMES.getOrDefault(status, "computeFault");
        return OpenStackResponses.json(Response.status(status), Map.of(name, Map.of("code", status, "message", message)),
                null, ApiVersion.MIN);
    }
}
