package org.scoria.keystone;

/**
 * Keystone cannot give Scoria a token now: unreachable, or it refuses the service user.
 *
 * @since 1.0
 */
public class KeystoneUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeystoneUnavailableException(String message) {
        super(message);
    }
}
