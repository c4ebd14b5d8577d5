package org.scoria.driver.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** How librados/librbd return codes become the errors operators read. */
public class CephErrnoTest {

    @Test
    public void aNegativeErrnoIsNamedAndExplained() {
        assertEquals("ENOENT (-2): no such pool, image or snapshot", CephErrno.describe(-2));
        assertTrue(CephErrno.describe(-16).startsWith("EBUSY (-16): "));
        assertTrue(CephErrno.describe(-110).contains("did not answer"));
        assertTrue(CephErrno.describe(-13).contains("keyring"));
        assertTrue(CephErrno.describe(-122).startsWith("EDQUOT"));
    }

    @Test
    public void anUnknownCodeStillShowsItsNumber() {
        assertEquals("error -4095", CephErrno.describe(-4095));
    }

    @Test
    public void successAndCountsPassThrough() throws CephException {
        assertEquals(0, CephErrno.check(0, "rbd_resize volumes/volume-1"));
        assertEquals(7, CephErrno.check(7, "rbd_snap_list volumes/volume-1"));
    }

    @Test
    public void aFailureNamesTheCallAndTheError() {
        try {
            CephErrno.check(-39, "rbd_remove volumes/volume-1");
            fail("a negative code must throw");
        } catch (CephException e) {
            assertEquals("rbd_remove volumes/volume-1 failed: ENOTEMPTY (-39): the image still has snapshots", e.getMessage());
            assertEquals(CephErrno.ENOTEMPTY, e.errno());
            assertFalse(e.isConnectionLost());
        }
    }

    @Test
    public void timeoutsAndShutdownsMeanTheConnectionIsLost() {
        for (int errno : new int[] {CephErrno.ETIMEDOUT, CephErrno.ESHUTDOWN, CephErrno.ENOTCONN, CephErrno.ECONNREFUSED,
                CephErrno.ECONNABORTED}) {
            assertTrue(CephErrno.describe(-errno), new CephException(-errno, "rados_connect").isConnectionLost());
        }
        assertFalse(new CephException(-CephErrno.EEXIST, "rbd_create2").isConnectionLost());
        assertFalse(new CephException(-CephErrno.EBUSY, "rbd_snap_unprotect").isConnectionLost());
    }
}
