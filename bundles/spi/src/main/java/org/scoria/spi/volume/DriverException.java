package org.scoria.spi.volume;

/**
 * A driver could not do what it was asked. The message is shown to operators and, for a
 * failed create, recorded as the reason the volume went to {@code error}: make it say what
 * went wrong and on what.
 *
 * @since 1.0
 */
public class DriverException extends Exception {

    private static final long serialVersionUID = 1L;

    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
