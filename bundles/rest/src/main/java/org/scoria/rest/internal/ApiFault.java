package org.scoria.rest.internal;

/** A request refused by the REST layer itself (auth, body, JSON shape), with its HTTP status. */
final class ApiFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiFault(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
