package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.Test;
import org.scoria.persistence.VolumeStatus;

/** The volume state machine, transition by transition. */
public class VolumeStatusTest {

    @Test
    public void allowedTransitionsAreExactlyTheseAndNoOthers() {
        for (VolumeStatus from : VolumeStatus.values()) {
            for (VolumeStatus to : VolumeStatus.values()) {
                assertEquals(from + " -> " + to, allowed(from).contains(to), from.canMoveTo(to));
            }
        }
    }

    private static Set<VolumeStatus> allowed(VolumeStatus from) {
        return switch (from) {
            case CREATING -> EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR, VolumeStatus.RESTORING_BACKUP,
                    VolumeStatus.DOWNLOADING);
            case DOWNLOADING -> EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR, VolumeStatus.RESERVED);
            case AVAILABLE -> EnumSet.of(VolumeStatus.DELETING, VolumeStatus.EXTENDING, VolumeStatus.REVERTING,
                    VolumeStatus.RESERVED, VolumeStatus.ATTACHING, VolumeStatus.IN_USE, VolumeStatus.BACKING_UP,
                    VolumeStatus.RESTORING_BACKUP, VolumeStatus.UPLOADING, VolumeStatus.DOWNLOADING);
            case BACKING_UP -> EnumSet.of(VolumeStatus.AVAILABLE);
            case UPLOADING -> EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE);
            case RESTORING_BACKUP -> EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR_RESTORING);
            case RESERVED -> EnumSet.of(VolumeStatus.ATTACHING, VolumeStatus.IN_USE, VolumeStatus.AVAILABLE,
                    VolumeStatus.DOWNLOADING);
            case ATTACHING -> EnumSet.of(VolumeStatus.RESERVED, VolumeStatus.IN_USE, VolumeStatus.AVAILABLE);
            case IN_USE -> EnumSet.of(VolumeStatus.DETACHING, VolumeStatus.ATTACHING, VolumeStatus.RESERVED,
                    VolumeStatus.AVAILABLE, VolumeStatus.UPLOADING);
            case DETACHING -> EnumSet.of(VolumeStatus.IN_USE, VolumeStatus.ATTACHING, VolumeStatus.RESERVED,
                    VolumeStatus.AVAILABLE);
            case ERROR -> EnumSet.of(VolumeStatus.DELETING, VolumeStatus.DOWNLOADING);
            case ERROR_DELETING, ERROR_EXTENDING, ERROR_RESTORING -> EnumSet.of(VolumeStatus.DELETING);
            case EXTENDING -> EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR_EXTENDING);
            case REVERTING -> EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR);
            case DELETING -> EnumSet.of(VolumeStatus.DELETED, VolumeStatus.ERROR_DELETING, VolumeStatus.AVAILABLE);
            // Only a reset or a force delete takes a volume out of maintenance.
            case MAINTENANCE, DELETED -> EnumSet.noneOf(VolumeStatus.class);
        };
    }

    @Test
    public void onlySettledVolumesMayBeDeleted() {
        assertTrue(VolumeStatus.AVAILABLE.isDeletable());
        assertTrue(VolumeStatus.ERROR.isDeletable());
        assertTrue(VolumeStatus.ERROR_DELETING.isDeletable());
        assertTrue(VolumeStatus.ERROR_EXTENDING.isDeletable());
        assertFalse(VolumeStatus.EXTENDING.isDeletable());
        assertFalse(VolumeStatus.REVERTING.isDeletable());
        assertFalse(VolumeStatus.CREATING.isDeletable());
        assertFalse(VolumeStatus.DOWNLOADING.isDeletable());
        assertFalse(VolumeStatus.UPLOADING.isDeletable());
        assertFalse(VolumeStatus.DELETING.isDeletable());
        assertFalse(VolumeStatus.MAINTENANCE.isDeletable());
        for (VolumeStatus attached : VolumeStatus.ATTACH_STATUSES) {
            assertFalse("a volume with consumers: " + attached, attached.isDeletable());
        }
    }

    @Test
    public void wireNamesAreCinders() {
        assertEquals("error_deleting", VolumeStatus.ERROR_DELETING.wireName());
        assertEquals(VolumeStatus.ERROR_DELETING, VolumeStatus.fromWireName("error_deleting"));
        assertEquals("in-use", VolumeStatus.IN_USE.wireName());
        assertEquals(VolumeStatus.IN_USE, VolumeStatus.fromWireName("in-use"));
        assertNull(VolumeStatus.fromWireName("in_use"));
    }
}
