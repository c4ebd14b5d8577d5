package org.scoria.volume.api;

/**
 * No such resource for the caller (HTTP 404): absent, deleted, or another project's.
 *
 * @since 2.0
 */
public class ResourceNotFoundException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
