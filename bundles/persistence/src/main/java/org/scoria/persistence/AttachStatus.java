package org.scoria.persistence;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * An attachment's status (Cinder's {@code attach_status}), with the transitions the platform allows.
 *
 * @since 3.0
 */
public enum AttachStatus {
    /** The volume is held for the consumer; nothing is exported yet. */
    RESERVED,
    /** The volume is exported to the consumer's connector; the consumer has not confirmed yet. */
    ATTACHING,
    ATTACHED,
    /** The export is being ended. */
    DETACHING,
    ERROR_ATTACHING,
    /** Ending the export failed; deleting the attachment again retries it. */
    ERROR_DETACHING,
    /** Gone: the row is kept (soft-deleted) so that a repeated delete finds it and does nothing. */
    DETACHED;

    private Set<AttachStatus> next;

    static {
        RESERVED.next = EnumSet.of(ATTACHING, ERROR_ATTACHING, DETACHING, DETACHED);
        // Connecting again (another connector, or the same one repeated) keeps it attaching; one never
        // completed is removed once it expired and its export ended.
        ATTACHING.next = EnumSet.of(ATTACHING, ATTACHED, ERROR_ATTACHING, DETACHING, DETACHED);
        ATTACHED.next = EnumSet.of(DETACHING, DETACHED);
        DETACHING.next = EnumSet.of(DETACHED, ERROR_DETACHING);
        ERROR_ATTACHING.next = EnumSet.of(ATTACHING, DETACHING, DETACHED);
        ERROR_DETACHING.next = EnumSet.of(DETACHING);
        DETACHED.next = EnumSet.noneOf(AttachStatus.class);
    }

    public boolean canMoveTo(AttachStatus target) {
        return next.contains(target);
    }

    /** The statuses this one may be reached from. */
    public Set<AttachStatus> sources() {
        Set<AttachStatus> sources = EnumSet.noneOf(AttachStatus.class);
        for (AttachStatus status : values()) {
            if (status.canMoveTo(this)) {
                sources.add(status);
            }
        }
        return sources;
    }

    /** Cinder's name, e.g. {@code error_attaching}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status for Cinder's name, or {@code null} when there is none. */
    public static AttachStatus fromWireName(String wireName) {
        for (AttachStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        return null;
    }
}
