package org.scoria.persistence;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A backup's status, with the transitions the platform allows. The wire names are Cinder's.
 *
 * @since 3.1
 */
public enum BackupStatus {
    CREATING,
    AVAILABLE,
    /** Its data is being written into a volume. */
    RESTORING,
    DELETING,
    ERROR,
    ERROR_DELETING,
    DELETED;

    private Set<BackupStatus> next;

    static {
        CREATING.next = EnumSet.of(AVAILABLE, ERROR);
        AVAILABLE.next = EnumSet.of(RESTORING, DELETING);
        // A failed restore harms the volume, not the backup: it is available again (Cinder's behaviour).
        RESTORING.next = EnumSet.of(AVAILABLE);
        ERROR.next = EnumSet.of(DELETING);
        DELETING.next = EnumSet.of(DELETED, ERROR_DELETING);
        ERROR_DELETING.next = EnumSet.of(DELETING);
        DELETED.next = EnumSet.noneOf(BackupStatus.class);
    }

    public boolean canMoveTo(BackupStatus target) {
        return next.contains(target);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status for Cinder's name, or {@code null} when there is none. */
    public static BackupStatus fromWireName(String wireName) {
        for (BackupStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        return null;
    }
}
