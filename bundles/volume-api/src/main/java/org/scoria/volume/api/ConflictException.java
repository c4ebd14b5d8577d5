package org.scoria.volume.api;

/**
 * The request clashes with what exists (HTTP 409), e.g. a name another live type has.
 *
 * @since 2.1
 */
public class ConflictException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
