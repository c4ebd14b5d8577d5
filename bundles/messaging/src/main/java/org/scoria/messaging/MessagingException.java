package org.scoria.messaging;

/**
 * The broker could not take or give a message.
 *
 * @since 1.0
 */
public class MessagingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MessagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
