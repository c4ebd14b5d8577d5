package org.scoria.scheduler.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scoria.messaging.BackendReport;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Cinder's extra-spec operators and scopes, as the capabilities filter applies them. */
public class CapabilitiesFilterTest {

    private static final CapabilitiesFilter FILTER = new CapabilitiesFilter();

    private static final BackendState NFS = new BackendState("node@nfs-1", "nfs-1", "nova", "nfs", "b", "1", BackendReport.UP,
            null, 0, 100, 50, 50, true, 0, 20.0, Map.of("volume_backend_name", "nfs-1", "thin_provisioning_support", true,
                    "total_capacity_gb", 100.0, "compression", "lz4 zstd", "tiers", List.of("ssd", "hdd"),
                    "qos", Map.of("max_iops", 5000)));

    private static boolean passes(String key, String value) {
        return FILTER.passes(NFS, new SchedulingRequest("v", 1, null, Map.of(key, value), null));
    }

    @Test
    public void plainValuesMustBeEqual() {
        assertTrue(passes("volume_backend_name", "nfs-1"));
        assertFalse(passes("volume_backend_name", "lvm-1"));
        assertTrue("Python's spelling of a boolean", passes("thin_provisioning_support", "True"));
        assertFalse("a capability the backend lacks", passes("multiattach", "True"));
        assertTrue(FILTER.passes(NFS, new SchedulingRequest("v", 1, null)));
    }

    @Test
    public void operatorsCompareAsCinderDoes() {
        assertTrue(passes("thin_provisioning_support", "<is> True"));
        assertFalse(passes("thin_provisioning_support", "<is> False"));
        assertTrue("'=' means at least", passes("total_capacity_gb", "= 50"));
        assertFalse(passes("total_capacity_gb", "= 150"));
        assertTrue(passes("total_capacity_gb", ">= 100"));
        assertTrue(passes("total_capacity_gb", "<= 100"));
        assertTrue(passes("total_capacity_gb", "== 100"));
        assertFalse(passes("total_capacity_gb", "!= 100"));
        assertFalse("not a number", passes("volume_backend_name", ">= 3"));
        assertTrue(passes("volume_backend_name", "s== nfs-1"));
        assertTrue(passes("volume_backend_name", "s< nfs-2"));
        assertFalse(passes("volume_backend_name", "s> nfs-2"));
        assertTrue(passes("compression", "<in> zstd"));
        assertFalse(passes("compression", "<in> gzip"));
        assertTrue(passes("compression", "<all-in> lz4 zstd"));
        assertFalse(passes("compression", "<all-in> lz4 gzip"));
        assertTrue(passes("volume_backend_name", "<or> lvm-1 <or> nfs-1"));
        assertFalse(passes("volume_backend_name", "<or> lvm-1 <or> rbd-1"));
        assertTrue("a list matches when one element does", passes("tiers", "hdd"));
    }

    @Test
    public void onlyCapabilityScopedKeysConstrainPlacement() {
        assertTrue(passes("capabilities:volume_backend_name", "nfs-1"));
        assertFalse(passes("capabilities:volume_backend_name", "lvm-1"));
        assertTrue("nested capabilities by path", passes("capabilities:qos:max_iops", ">= 1000"));
        assertTrue("QoS and driver keys are not for the scheduler", passes("qos:max_iops", "1"));
        assertTrue(passes("RESKEY:availability_zones", "elsewhere"));
    }

    @Test
    public void aRetypeFitsTheBackendTheVolumeIsOnWhateverItsFreeSpace() {
        BackendState full = SchedulingTest.thick("full", 100, 0, 0);
        CapacityFilter capacity = new CapacityFilter();
        assertFalse(capacity.passes(full, new SchedulingRequest("v", 10, null)));
        assertTrue(capacity.passes(full, new SchedulingRequest("v", 10, null, Map.of(), full.poolHost())));
    }
}
