package org.scoria.backup.manager.internal;

/** Status reasons. */
final class Reasons {

    private Reasons() {
    }

    /** What failed, for a status reason: the message, or the kind of failure when it has none. */
    static String of(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
