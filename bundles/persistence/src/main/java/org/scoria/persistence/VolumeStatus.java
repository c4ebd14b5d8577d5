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
    /** An attachment holds it for a consumer that has not connected yet. @since 3.0 */
    RESERVED,
    /** A consumer is connecting (an attachment has its connection, or a legacy {@code os-reserve}). @since 3.0 */
    ATTACHING,
    /** Attached to at least one consumer. @since 3.0 */
    IN_USE,
    /** A legacy consumer announced its detach ({@code os-begin_detaching}). @since 3.0 */
    DETACHING,
    /** Its data is being copied into a backup. @since 3.1 */
    BACKING_UP,
    /** A backup's data is being written into it. @since 3.1 */
    RESTORING_BACKUP,
    /** A restore into it failed: its data is partly the backup's. @since 3.1 */
    ERROR_RESTORING,
    /**
     * Set aside by an administrator ({@code os-reset_status}): only another reset or a force
     * delete moves it, as in Cinder. @since 3.4
     */
    MAINTENANCE,
    /** An image's data is being written into it, after its driver created it, or over it (a reimage). @since 4.0 */
    DOWNLOADING,
    /** Its data is being copied into a Glance image ({@code os-volume_upload_image}). @since 4.0 */
    UPLOADING,
    /** The row is kept (soft-deleted) so that redelivered requests find it and do nothing. */
    DELETED;

    private Set<VolumeStatus> next;

    static {
        // A volume created for a restore is held by it as soon as it is made (see VolumeStore#transition).
        CREATING.next = EnumSet.of(AVAILABLE, ERROR, RESTORING_BACKUP, DOWNLOADING);
        // A reimage ({@code os-reimage}) downloads over an available, failed or reserved volume and ends where it began.
        DOWNLOADING.next = EnumSet.of(AVAILABLE, ERROR, RESERVED);
        AVAILABLE.next = EnumSet.of(DELETING, EXTENDING, REVERTING, RESERVED, ATTACHING, IN_USE, BACKING_UP,
                RESTORING_BACKUP, UPLOADING, DOWNLOADING);
        // Back where it was: a forced upload (Cinder's enable_force_upload) reads an in-use volume.
        UPLOADING.next = EnumSet.of(AVAILABLE, IN_USE);
        ERROR.next = EnumSet.of(DELETING, DOWNLOADING);
        BACKING_UP.next = EnumSet.of(AVAILABLE);
        RESTORING_BACKUP.next = EnumSet.of(AVAILABLE, ERROR_RESTORING);
        ERROR_RESTORING.next = EnumSet.of(DELETING);
        // Back to available when the driver refuses because others depend on the volume (Cinder's VolumeIsBusy).
        DELETING.next = EnumSet.of(DELETED, ERROR_DELETING, AVAILABLE);
        ERROR_DELETING.next = EnumSet.of(DELETING);
        EXTENDING.next = EnumSet.of(AVAILABLE, ERROR_EXTENDING);
        ERROR_EXTENDING.next = EnumSet.of(DELETING);
        // A failed revert leaves the data in an unknown state: error, as Cinder does.
        REVERTING.next = EnumSet.of(AVAILABLE, ERROR);
        // While attachments exist the status follows them (see AttachmentStore); the last one gone makes it available.
        RESERVED.next = EnumSet.of(ATTACHING, IN_USE, AVAILABLE, DOWNLOADING);
        ATTACHING.next = EnumSet.of(RESERVED, IN_USE, AVAILABLE);
        // A multi-attach volume in use is attaching again when a legacy consumer reserves it, as in Cinder, and
        // reserved when its attached consumer leaves before a reserved one connects.
        IN_USE.next = EnumSet.of(DETACHING, ATTACHING, RESERVED, AVAILABLE, UPLOADING);
        DETACHING.next = EnumSet.of(IN_USE, ATTACHING, RESERVED, AVAILABLE);
        MAINTENANCE.next = EnumSet.noneOf(VolumeStatus.class);
        DELETED.next = EnumSet.noneOf(VolumeStatus.class);
    }

    /**
     * The statuses a volume has because of its consumers.
     *
     * @since 3.0
     */
    public static final Set<VolumeStatus> ATTACH_STATUSES = EnumSet.of(RESERVED, ATTACHING, IN_USE, DETACHING);

    /** Whether a volume in this status may move to {@code target}. */
    public boolean canMoveTo(VolumeStatus target) {
        return next.contains(target);
    }

    /** Whether a user may ask to delete a volume in this status (Cinder refuses while it is being created or deleted). */
    public boolean isDeletable() {
        return canMoveTo(DELETING);
    }

    /** Cinder's name for the status, e.g. {@code error_deleting}, {@code in-use}, {@code backing-up}. */
    public String wireName() {
        String name = name().toLowerCase(Locale.ROOT);
        return this == IN_USE || this == BACKING_UP || this == RESTORING_BACKUP ? name.replace('_', '-') : name;
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
