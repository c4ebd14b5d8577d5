package org.scoria.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;

import org.junit.Test;

/** Cinder's JSON query language, on a backend's attributes. */
public class JsonQueryTest {

    private static final Map<String, Object> BACKEND = Map.of("free_capacity_gb", 800.0, "total_capacity_gb", 1000,
            "storage_protocol", "nfs", "thin_provisioning_support", true,
            "capabilities", Map.of("tier", "gold", "disks", 12));

    private static boolean matches(String query) {
        return JsonQuery.parse(query).matches(BACKEND);
    }

    @Test
    public void comparisonsTakeTheFirstArgumentAgainstEveryOther() {
        assertTrue(matches("[\">=\", \"$free_capacity_gb\", 800]"));
        assertTrue(matches("[\">\", \"$free_capacity_gb\", 100, 799.5]"));
        assertFalse(matches("[\">\", \"$free_capacity_gb\", 100, 900]"));
        assertTrue("integers and doubles compare as numbers", matches("[\"=\", \"$total_capacity_gb\", 1000.0]"));
        assertTrue(matches("[\"<\", \"$total_capacity_gb\", 1001]"));
        assertTrue(matches("[\"<=\", \"$total_capacity_gb\", 1000]"));
        assertTrue(matches("[\"=\", \"$storage_protocol\", \"nfs\"]"));
        assertFalse("a number against a text is false, not an error", matches("[\">\", \"$storage_protocol\", 1]"));
    }

    @Test
    public void nestedAttributesLogicAndMembership() {
        assertTrue(matches("[\"in\", \"$capabilities.tier\", \"silver\", \"gold\"]"));
        assertFalse(matches("[\"in\", \"$capabilities.tier\", \"bronze\"]"));
        assertTrue(matches("[\"and\", [\">=\", \"$capabilities.disks\", 10], [\"=\", \"$thin_provisioning_support\", true]]"));
        assertTrue(matches("[\"or\", [\"=\", \"$storage_protocol\", \"iSCSI\"], [\"<\", \"$free_capacity_gb\", 900]]"));
        assertFalse(matches("[\"not\", [\"=\", \"$storage_protocol\", \"nfs\"]]"));
        assertTrue(matches("[\"not\", [\"=\", \"$storage_protocol\", \"rbd\"]]"));
        assertTrue("an empty query matches every backend", matches("[]"));
    }

    @Test
    public void anAttributeTheBackendLacksIsLeftOut() {
        assertFalse("one argument left: a comparison needs two", matches("[\"=\", \"$no_such\", 3]"));
        assertTrue(matches("[\"and\", [\"=\", \"$free_capacity_gb\", 800], \"$no_such\"]"));
    }

    @Test
    public void malformedQueriesAreRefusedWithTheReason() {
        assertRefused("not json", "the query is not JSON");
        assertRefused("{\"=\": 1}", "the query must be a JSON array");
        assertRefused("[\"near\", \"$free_capacity_gb\", 1]", "unknown query operator \"near\"");
        assertRefused("[\"and\", [\"=\", {\"a\": 1}, 1]]", "query argument {\"a\":1} is not a value or a query");
        String deep = "[\"not\", ".repeat(5000) + "[]" + "]".repeat(5000);
        assertRefused(deep, "the query is nested deeper than 32 levels");
        assertEquals("[\">=\",\"$free_capacity_gb\",1]", JsonQuery.parse(" [\">=\", \"$free_capacity_gb\", 1] ").toJson());
    }

    private static void assertRefused(String query, String reason) {
        try {
            JsonQuery.parse(query);
            fail("accepted " + query);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith(reason));
        }
    }
}
