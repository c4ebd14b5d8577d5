package org.scoria.volume.api;

/**
 * A request was refused. The message is meant for the user, in Cinder's words where Cinder has them.
 *
 * @since 1.0
 */
public abstract class VolumeApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected VolumeApiException(String message) {
        super(message);
    }
}
