package org.scoria.driver.lvm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

/** How consumers and CHAP credentials are kept in lvm2 tags. */
public class LvmVolumeDriverTest {

    @Test
    public void aConsumerIsItsInitiatorElseItsHostInTagCharacters() {
        assertEquals("iqn.1993-08.org.debian:01:abc", LvmVolumeDriver.consumer(Map.of("initiator",
                "iqn.1993-08.org.debian:01:abc", "host", "compute-1")));
        assertEquals("host:compute_1.example", LvmVolumeDriver.consumer(Map.of("host", "compute 1.example")));
        Map<String, Object> blank = new HashMap<>();
        blank.put("initiator", " ");
        blank.put("host", null);
        assertEquals("unknown", LvmVolumeDriver.consumer(blank));
        assertEquals("host:h_x_y_z", LvmVolumeDriver.consumer(Map.of("host", "h@x,y z")));
    }

    @Test
    public void chapCredentialsAreFreshAndSurviveTheirTag() {
        Chap one = Chap.generate();
        assertEquals(20, one.username().length());
        assertEquals(16, one.password().length());
        assertTrue(one.encoded().matches("[A-Za-z0-9]+:[A-Za-z0-9]+"));
        assertEquals(one, Chap.decode(one.encoded()));
        assertNotEquals(one, Chap.generate());
        assertEquals(null, Chap.decode("nocolon"));
    }
}
