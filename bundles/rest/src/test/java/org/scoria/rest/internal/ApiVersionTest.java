package org.scoria.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Microversion parsing and range, with Cinder's messages. */
public class ApiVersionTest {

    @Test
    public void versionsInTheRangeAreAccepted() {
        assertEquals(new ApiVersion(0), ApiVersion.parse("3.0"));
        assertEquals(new ApiVersion(70), ApiVersion.parse("3.70"));
        assertEquals(ApiVersion.MAX, ApiVersion.parse("latest"));
        assertEquals("3.71", ApiVersion.MAX.toString());
    }

    @Test
    public void versionsOutsideTheRangeAre406() {
        for (String outside : new String[] {"3.72", "2.0", "4.0", "3.99999999999"}) {
            ApiFault fault = assertThrows(outside, ApiFault.class, () -> ApiVersion.parse(outside));
            assertEquals(outside, 406, fault.status());
        }
        assertEquals("Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.71.",
                assertThrows(ApiFault.class, () -> ApiVersion.parse("3.99")).getMessage());
    }

    @Test
    public void malformedVersionsAre400() {
        for (String malformed : new String[] {"3", "3.x", "3.01", "v3.1", "", "3.1.2"}) {
            ApiFault fault = assertThrows(malformed, ApiFault.class, () -> ApiVersion.parse(malformed));
            assertEquals(malformed, 400, fault.status());
        }
    }

    @Test
    public void gatesCompareByMinor() {
        assertTrue(ApiVersion.parse("3.45").atLeast(ApiVersion.SUPPORT_COUNT_INFO));
        assertFalse(ApiVersion.parse("3.44").atLeast(ApiVersion.SUPPORT_COUNT_INFO));
    }
}
