package org.scoria.messaging;

/**
 * The handler of a synchronous call answered with a failure.
 *
 * @since 1.5
 */
public class CallFailedException extends MessagingException {

    /** The code of a failure the handler did not classify. */
    public static final String ERROR = "error";
    /** The request cannot succeed as asked (the caller's fault, not the backend's). */
    public static final String INVALID = "invalid";

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code what kind of failure, e.g. {@link #INVALID}, so that callers can answer it fittingly
     */
    public CallFailedException(String code, String message) {
        super(message, null);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
