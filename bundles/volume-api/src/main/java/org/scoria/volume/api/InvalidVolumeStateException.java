package org.scoria.volume.api;

/**
 * The volume's status does not allow the operation (HTTP 400).
 *
 * @since 1.0
 */
public class InvalidVolumeStateException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public InvalidVolumeStateException(String message) {
        super("Invalid volume: " + message);
    }
}
