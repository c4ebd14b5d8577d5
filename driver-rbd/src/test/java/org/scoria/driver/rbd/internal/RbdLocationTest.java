package org.scoria.driver.rbd.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

public class RbdLocationTest {

    @Test
    public void glancesRbdStoreLocationNamesTheClusterPoolImageAndSnapshot() {
        // As Glance 25.1's RBD store shows direct_url.
        assertEquals(Optional.of(new RbdLocation("347f9502-edae-4a8d-83da-8887e55886d5", "images",
                "23ed44ec-0285-4092-be32-bad355be2ed7", "snap")), RbdLocation.parse(
                        "rbd://347f9502-edae-4a8d-83da-8887e55886d5/images/23ed44ec-0285-4092-be32-bad355be2ed7/snap"));
    }

    @Test
    public void itsPartsAreUrlDecoded() {
        assertEquals("my pool", RbdLocation.parse("rbd://f/my%20pool/i/s").orElseThrow().pool());
    }

    @Test
    public void otherLocationsAreNotRbdImages() {
        for (String url : new String[] {null, "file:///var/lib/glance/images/1", "rbd://f/images/1",
                "rbd://f/images/1/snap/more", "rbd://f//1/snap", "swift+http://s/v1/c/o"}) {
            assertTrue(url, RbdLocation.parse(url).isEmpty());
        }
    }
}
