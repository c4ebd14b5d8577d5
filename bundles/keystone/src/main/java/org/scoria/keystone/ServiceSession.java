package org.scoria.keystone;

import java.net.URI;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Scoria's service user at Keystone ({@code keystone.*} in {@code etc/org.scoria.rest.cfg}).
 *
 * @since 1.0
 */
@ProviderType
public interface ServiceSession {

    /**
     * Whether Scoria authenticates with Keystone ({@code auth.strategy=keystone}); when not, other
     * services are reached without a token.
     */
    boolean enabled();

    /**
     * The service token: the one held, or a new one when it expires soon or is {@code refused}
     * (a service answered 401 to it). Callers refused together renew it once.
     *
     * @param refused the token a service refused, or {@code null}
     * @throws KeystoneUnavailableException when Keystone cannot be reached or refuses the service
     *                                      user; the message says which, and the log what to change
     */
    String token(String refused);

    /**
     * The URL of the service of that type in the catalog that came with the service token
     * (its public endpoint in the configured region).
     *
     * @throws KeystoneUnavailableException as {@link #token}
     */
    Optional<URI> endpoint(String serviceType);
}
