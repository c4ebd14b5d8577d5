package org.scoria.volume.api;

/**
 * The caller's role does not allow the operation (HTTP 403), e.g. a member asking for an
 * administrator's action.
 *
 * @since 2.0
 */
public class PolicyNotAuthorizedException extends VolumeApiException {

    private static final long serialVersionUID = 1L;

    /** @param action Cinder's policy name, e.g. {@code volume_extension:volume_admin_actions:reset_status} */
    public PolicyNotAuthorizedException(String action) {
        super("Policy doesn't allow " + action + " to be performed.");
    }
}
