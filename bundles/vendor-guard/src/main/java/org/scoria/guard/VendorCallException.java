package org.scoria.guard;

/**
 * A guarded call into vendor code did not return a result: it threw (the cause is what it threw),
 * passed its time limit ({@link #timedOut()}), or its caller was interrupted. The message names the
 * vendor bundle and what it was asked to do.
 *
 * @since 1.0
 */
public final class VendorCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String vendor;
    private final boolean timedOut;

    public VendorCallException(String vendor, String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.vendor = vendor;
        this.timedOut = timedOut;
    }

    /** The vendor bundle, {@code symbolic-name version}. */
    public String vendor() {
        return vendor;
    }

    /** Whether the call passed its time limit (rather than threw). */
    public boolean timedOut() {
        return timedOut;
    }
}
