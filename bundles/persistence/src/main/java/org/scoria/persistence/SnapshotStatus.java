package org.scoria.persistence;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A snapshot's status, with the transitions the platform allows. The wire names are Cinder's.
 *
 * @since 2.0
 */
public enum SnapshotStatus {
    CREATING,
    AVAILABLE,
    DELETING,
    ERROR,
    ERROR_DELETING,
    /** A backup of the snapshot is being made: it is not deleted under it. @since 3.2 */
    BACKING_UP,
    DELETED;

    private Set<SnapshotStatus> next;

    static {
        CREATING.next = EnumSet.of(AVAILABLE, ERROR);
        AVAILABLE.next = EnumSet.of(DELETING, BACKING_UP);
        BACKING_UP.next = EnumSet.of(AVAILABLE);
        ERROR.next = EnumSet.of(DELETING);
        // Back to available when the driver refuses because clones depend on it (Cinder's SnapshotIsBusy).
        DELETING.next = EnumSet.of(DELETED, ERROR_DELETING, AVAILABLE);
        ERROR_DELETING.next = EnumSet.of(DELETING);
        DELETED.next = EnumSet.noneOf(SnapshotStatus.class);
    }

    public boolean canMoveTo(SnapshotStatus target) {
        return next.contains(target);
    }

    public boolean isDeletable() {
        return canMoveTo(DELETING);
    }

    public String wireName() {
        String name = name().toLowerCase(Locale.ROOT);
        return this == BACKING_UP ? name.replace('_', '-') : name;
    }

    /** The status for Cinder's name, or {@code null} when there is none. */
    public static SnapshotStatus fromWireName(String wireName) {
        for (SnapshotStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        return null;
    }
}
