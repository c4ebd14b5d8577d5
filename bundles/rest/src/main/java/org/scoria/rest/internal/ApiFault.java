package org.scoria.rest.internal;

import java.util.Map;

/** A request refused by the REST layer itself (auth, body, JSON shape), with its HTTP status. */
final class ApiFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Map<String, String> headers;

    ApiFault(int status, String message) {
        this(status, message, Map.of());
    }

    /** @param headers response headers the fault carries, e.g. {@code WWW-Authenticate} with a 401 */
    ApiFault(int status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    Map<String, String> headers() {
        return headers;
    }

    int status() {
        return status;
    }
}
