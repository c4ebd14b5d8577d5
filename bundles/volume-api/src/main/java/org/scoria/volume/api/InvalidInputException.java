package org.scoria.volume.api;

/**
 * The request's content is not acceptable (HTTP 400).
 *
 * @since 1.0
 */
public class InvalidInputException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super("Invalid input received: " + message);
    }
}
