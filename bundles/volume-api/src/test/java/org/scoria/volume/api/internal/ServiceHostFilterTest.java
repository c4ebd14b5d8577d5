package org.scoria.volume.api.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** os-services' and os-hosts' host filter matches as Cinder's does: a host names its backends and pools. */
public class ServiceHostFilterTest {

    @Test
    public void aHostNamesItselfItsBackendsAndTheirPools() {
        assertTrue(DefaultServiceAdmin.onHost("node1", "node1"));
        assertTrue(DefaultServiceAdmin.onHost("node1@nfs-default", "node1"));
        assertTrue(DefaultServiceAdmin.onHost("node1@nfs-default#pool", "node1"));
        assertFalse(DefaultServiceAdmin.onHost("node10@nfs-default", "node1"));
        assertFalse(DefaultServiceAdmin.onHost("node1", "node1@nfs-default"));
    }

    @Test
    public void aBackendNamesItselfAndItsPoolsOnly() {
        assertTrue(DefaultServiceAdmin.onHost("node1@nfs-default", "node1@nfs-default"));
        assertTrue(DefaultServiceAdmin.onHost("node1@nfs-default#pool", "node1@nfs-default"));
        assertFalse(DefaultServiceAdmin.onHost("node1@nfs-defaults", "node1@nfs-default"));
        assertFalse(DefaultServiceAdmin.onHost("node1@nfs-default#pool", "node1@nfs-default#other"));
    }
}
