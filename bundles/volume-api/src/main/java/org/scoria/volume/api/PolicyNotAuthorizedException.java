package org.scoria.volume.api;

/**
 * The caller's role does not allow the operation (HTTP 403).
 *
 * @since 1.1
 */
public class PolicyNotAuthorizedException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    public PolicyNotAuthorizedException(String action) {
        super("Policy doesn't allow " + action + " to be performed.");
    }
}
