package org.scoria.volume.api;

/**
 * The request would take the project over a quota limit (HTTP 413, as Cinder answers it); nothing
 * was written.
 *
 * @since 2.2
 */
public class OverQuotaException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public OverQuotaException(String message) {
        super(message);
    }
}
