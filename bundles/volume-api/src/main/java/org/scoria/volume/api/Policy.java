package org.scoria.volume.api;

/**
 * Decides whether a caller may perform an operation named by Cinder's policy rule name, e.g.
 * {@code volume:create} or {@code volume_extension:volume_admin_actions:reset_status}. The REST
 * endpoint's policy follows Cinder's defaults (admin, member and reader roles) and the
 * operator's overrides; project isolation is not the policy's job but the services' own.
 *
 * @since 3.0
 */
@FunctionalInterface
public interface Policy {

    /** Everything allowed: the operator at the Karaf shell is not subject to the REST policy. */
    Policy UNRESTRICTED = (rule, caller) -> true;

    boolean allows(String rule, RequestContext caller);
}
