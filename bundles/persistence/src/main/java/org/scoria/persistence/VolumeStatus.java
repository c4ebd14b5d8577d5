package org.scoria.persistence;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A volume's status, with the transitions the platform allows. The wire names are Cinder's.
 *
 * @since 1.0
 */
public enum VolumeStatus {
    CREATING,
    AVAILABLE,
    DELETING,
    ERROR,
    ERROR_DELETING,
    /** @since 2.0 */
    EXTENDING,
    /** @since 2.0 */
    ERROR_EXTENDING,
    /** Being rolled back to its latest snapshot. @since 2.0 */
    REVERTING,
    /** The row is kept (soft-deleted) so that redelivered requests find it and do nothing. */
    DELETED;

    private Set<VolumeStatus> next;

    static {
        CREATING.next = EnumSet.of(AVAILABLE, ERROR);
        AVAILABLE.next = EnumSet.of(DELETING, EXTENDING, REVERTING);
        ERROR.next = EnumSet.of(DELETING);
        // Back to available when the driver refuses because others depend on the volume (Cinder's VolumeIsBusy).
        DELETING.next = EnumSet.of(DELETED, ERROR_DELETING, AVAILABLE);
        ERROR_DELETING.next = EnumSet.of(DELETING);
        EXTENDING.next = EnumSet.of(AVAILABLE, ERROR_EXTENDING);
        ERROR_EXTENDING.next = EnumSet.of(DELETING);
        // A failed revert leaves the data in an unknown state: error, as Cinder does.
        REVERTING.next = EnumSet.of(AVAILABLE, ERROR);
        DELETED.next = EnumSet.noneOf(VolumeStatus.class);
    }

    /** Whether a volume in this status may move to {@code target}. */
    public boolean canMoveTo(VolumeStatus target) {
        return next.contains(target);
    }

    /** Whether a user may ask to delete a volume in this status (Cinder refuses while it is being created or deleted). */
    public boolean isDeletable() {
        return canMoveTo(DELETING);
    }

    /** Cinder's name for the status, e.g. {@code error_deleting}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status for Cinder's name, or {@code null} when there is none. */
    public static VolumeStatus fromWireName(String wireName) {
        for (VolumeStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        return null;
    }
}
