package org.scoria.fault;

/**
 * Named points in a request's path where a crash test can stop the process dead. Starting the
 * JVM with {@code -Dscoria.fault.halt=<point>} makes the first thread to reach that point halt
 * the process at once ({@link Runtime#halt}: no shutdown hooks, nothing flushed or closed, as
 * {@code kill -9}). Unset, as in production, a point costs one property lookup.
 * <p>
 * Points are named {@code <part>.<step>.<moment>}, e.g. {@code api.delete_volume.written} or
 * {@code manager.create_volume.driver-returned}; {@code docs/crash-recovery.md} lists them.
 *
 * @since 1.0
 */
public final class FaultPoints {

    /** The system property naming the point to halt at. */
    public static final String HALT_AT = "scoria.fault.halt";

    /** The exit status of a halted process, as a process killed by SIGKILL reports it. */
    public static final int HALT_STATUS = 137;

    private FaultPoints() {
    }

    /** Halts the process if {@code point} is the one {@value #HALT_AT} names. */
    public static void reach(String point) {
        if (point.equals(System.getProperty(HALT_AT))) {
            // stderr, not a logger: this bundle depends on nothing, and a halt flushes no log appender.
            System.err.println("Scoria halted at fault point " + point + " (" + HALT_AT + " is set)");
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
