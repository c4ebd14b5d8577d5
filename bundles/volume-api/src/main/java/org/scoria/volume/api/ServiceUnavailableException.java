package org.scoria.volume.api;

/**
 * A part of the platform the request needs cannot be reached; nothing was kept (HTTP 503).
 *
 * @since 1.0
 */
public class ServiceUnavailableException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }
}
