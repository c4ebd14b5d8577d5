package org.scoria.scheduler.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.scoria.messaging.BackendReport;
import org.scoria.persistence.testing.ComponentConfigs;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;

/** The filter and goodness functions backends report: the language, then the filter and weigher that use it. */
public class DriverFunctionTest {

    private static final Map<String, Object> VARIABLES = Map.of("volume.size", 10.0, "stats.free_capacity_gb", 800.0,
            "capabilities.tier", "gold", "capabilities.count", "7", "capabilities.thin", true);

    private static Object eval(String expression) {
        return DriverFunction.parse(expression).evaluate(VARIABLES::get);
    }

    @Test
    public void arithmeticFollowsCindersPrecedence() {
        assertEquals(7.0, eval("1 + 2 * 3"));
        assertEquals(9.0, eval("(1 + 2) * 3"));
        assertEquals(64.0, eval("2 ^ 3 ^ 2"));
        assertEquals("the sign binds tighter than ^", 4.0, eval("-2 ^ 2"));
        assertEquals(2.5, eval("volume.size / 4"));
        assertEquals(-5.0, eval("-volume.size + 5"));
        assertEquals(3.0, eval("abs(-3)"));
        assertEquals(800.0, eval("max(volume.size, stats.free_capacity_gb, 5)"));
        assertEquals(5.0, eval("min(volume.size, 5)"));
        assertEquals("a numeric text counts as a number", 14.0, eval("capabilities.count * 2"));
    }

    @Test
    public void comparisonsLogicAndTheTernary() {
        assertEquals(true, eval("volume.size < 100 and stats.free_capacity_gb >= 800"));
        assertEquals(true, eval("1 < volume.size <= 10"));
        assertEquals("chained as in Python", false, eval("1 < volume.size < 5"));
        assertEquals(true, eval("not volume.size > 10 && capabilities.thin"));
        assertEquals(true, eval("!(volume.size == 11) || 1 / 0"));
        assertEquals(true, eval("capabilities.tier == 'gold' & volume.size <> 3"));
        assertEquals(false, eval("capabilities.tier == \"silver\" | false"));
        assertEquals(100.0, eval("stats.free_capacity_gb > 500 ? 100 : 50"));
        assertEquals(25.0, eval("volume.size > 50 ? 100 : volume.size > 5 ? 25 : 0"));
        assertEquals(true, eval("capabilities.count == 7"));
    }

    @Test
    public void errorsNameTheProblem() {
        assertFails("volume.size +", "expected a value but found the end at 13");
        assertFails("volume.size ) 1", "unexpected ')' at 12");
        assertFails("volume.size # 1", "unexpected '#' at 12");
        assertFails("sqrt(4)", "unknown function sqrt");
        assertFails("abs(1, 2)", "abs takes one argument");
        assertFails("'open", "unclosed text at 0");
        assertFails("volume.name == 1", "unknown variable volume.name");
        assertFails("volume.size / (volume.size - 10)", "division by zero");
        assertFails("capabilities.tier * 2", "'gold' is not a number");
        assertFails("capabilities.tier > 2", "'gold' is not a number");
    }

    private static void assertFails(String expression, String problem) {
        try {
            eval(expression);
            fail("evaluated " + expression);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith(problem));
        }
    }

    private static BackendState reporting(String name, double free, Map<String, Object> capabilities) {
        return new BackendState("node@" + name, name, "nova", "nfs", "scoria-driver-nfs", "1.0.0", BackendReport.UP,
                null, 0, 1000, free, 0, false, 0, 1.0, capabilities);
    }

    @Test
    public void theDriverFilterPassesWhatTheBackendsFunctionAccepts() {
        DriverFilter filter = new DriverFilter();
        BackendState small = reporting("small", 1000, Map.of("filter_function", "volume.size < 50 and extra.tier == 'gold'"));
        SchedulingRequest goldTen = new SchedulingRequest("v", 10, null, Map.of("tier", "gold"), null);
        assertTrue(filter.passes(small, goldTen));
        assertFalse(filter.passes(small, new SchedulingRequest("v", 50, null, Map.of("tier", "gold"), null)));
        assertFalse("no extra.tier: the function fails and the backend is out",
                filter.passes(small, new SchedulingRequest("v", 10, null)));
        assertTrue("a backend without a function passes", filter.passes(reporting("any", 10, Map.of()), goldTen));
        assertFalse("a function that does not parse excludes its backend",
                filter.passes(reporting("broken", 10, Map.of("filter_function", "volume.size <")), goldTen));
    }

    @Test
    public void theGoodnessWeigherRatesFromZeroToAHundred() {
        GoodnessWeigher weigher = new GoodnessWeigher(ComponentConfigs.of(GoodnessWeigher.Config.class, Map.of("multiplier", 1.0)));
        SchedulingRequest tenGib = new SchedulingRequest("v", 10, null);
        BackendState rated = reporting("rated", 100, Map.of("goodness_function", "stats.free_capacity_gb > 50 ? 80 : 20"));
        assertEquals(80.0, weigher.weigh(rated, tenGib), 0.0);
        assertEquals(100.0, weigher.weigh(reporting("yes", 100, Map.of("goodness_function", "volume.size < 20")), tenGib), 0.0);
        assertEquals(0.0, weigher.weigh(reporting("none", 100, Map.of()), tenGib), 0.0);
        assertEquals("out of range counts 0", 0.0,
                weigher.weigh(reporting("over", 100, Map.of("goodness_function", "150")), tenGib), 0.0);
        assertEquals(0.0, weigher.weigh(reporting("text", 100, Map.of("goodness_function", "'high'")), tenGib), 0.0);
        // Goodness outweighs free space when it is the only weigher: the fuller but better-rated backend wins.
        BackendState roomyButPoor = reporting("roomy", 900, Map.of("goodness_function", "10"));
        BackendState fullerButGood = reporting("fuller", 100, Map.of("goodness_function", "90"));
        BackendSelector selector = new BackendSelector(List.<Map.Entry<String, BackendFilter>>of(),
                List.<BackendWeigher>of(weigher));
        assertEquals("fuller", selector.select(List.of(roomyButPoor, fullerButGood), tenGib, Set.of()).backend()
                .orElseThrow().backendName());
    }
}
