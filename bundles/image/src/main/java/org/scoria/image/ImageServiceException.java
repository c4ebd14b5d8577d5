package org.scoria.image;

/**
 * The image service cannot answer now: unreachable, failing, or refusing Scoria's credentials.
 * The message says which, for the user message and the log.
 *
 * @since 1.0
 */
public class ImageServiceException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImageServiceException(String message) {
        super(message);
    }

    public ImageServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
