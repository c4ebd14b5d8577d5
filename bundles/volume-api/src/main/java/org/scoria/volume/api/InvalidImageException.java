package org.scoria.volume.api;

/**
 * The image a request names cannot be used: not found for the caller, or unacceptable for the
 * volume (HTTP 400, with Cinder's message as it is).
 *
 * @since 4.1
 */
public class InvalidImageException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public InvalidImageException(String message) {
        super(message);
    }
}
