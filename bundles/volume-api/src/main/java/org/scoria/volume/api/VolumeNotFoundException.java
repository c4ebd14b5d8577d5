package org.scoria.volume.api;

/**
 * No such volume for the caller (HTTP 404).
 *
 * @since 1.0
 */
public class VolumeNotFoundException extends ResourceNotFoundException {

    private static final long serialVersionUID = 1L;

    public VolumeNotFoundException(String message) {
        super(message);
    }
}
