package org.scoria.spi.backup;

/**
 * A backup store could not do what it was asked. The message becomes the reason a backup goes
 * to {@code error}: say what failed, on which object, and what the server answered.
 *
 * @since 1.0
 */
public class ObjectStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public ObjectStoreException(String message) {
        super(message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
