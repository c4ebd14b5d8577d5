package org.scoria.scheduler.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
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

/** The allocated-capacity and chance weighers, through the selector that normalises and sums them. */
public class WeighersTest {

    private static final SchedulingRequest ONE_GIB = new SchedulingRequest("v", 1, null);
    private static final List<Map.Entry<String, BackendFilter>> NO_FILTERS = List.of();

    private static BackendState thin(String name, double provisioned) {
        return SchedulingTest.backend(name, "nova", 100, 100, provisioned, true, 0, 20.0, BackendReport.UP);
    }

    @Test
    public void allocatedCapacityPrefersTheLeastAllocatedByDefault() {
        AllocatedCapacityWeigher spread = new AllocatedCapacityWeigher(ComponentConfigs.of(AllocatedCapacityWeigher.Config.class, Map.of("multiplier", -1.0)));
        List<BackendState> backends = List.of(thin("busy", 500), thin("idle", 10), thin("mid", 200));
        assertEquals("idle", new BackendSelector(NO_FILTERS, List.of(spread)).select(backends, ONE_GIB, Set.of())
                .backend().orElseThrow().backendName());
        AllocatedCapacityWeigher stack = new AllocatedCapacityWeigher(ComponentConfigs.of(AllocatedCapacityWeigher.Config.class, Map.of("multiplier", 2.0)));
        assertEquals("busy", new BackendSelector(NO_FILTERS, List.of(stack)).select(backends, ONE_GIB, Set.of())
                .backend().orElseThrow().backendName());
        assertEquals(500.0, spread.weigh(thin("busy", 500), ONE_GIB), 0.0);
    }

    @Test
    public void chanceSpreadsPlacementsOverEqualBackends() {
        ChanceWeigher chance = new ChanceWeigher(ComponentConfigs.of(ChanceWeigher.Config.class, Map.of("multiplier", 1.0)));
        List<BackendState> backends = List.of(thin("a", 0), thin("b", 0), thin("c", 0));
        BackendSelector selector = new BackendSelector(NO_FILTERS, List.<BackendWeigher>of(chance));
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            chosen.add(selector.select(backends, ONE_GIB, Set.of()).backend().orElseThrow().backendName());
        }
        assertEquals("200 draws over 3 equal backends reach all of them", Set.of("a", "b", "c"), chosen);
        double score = chance.weigh(backends.get(0), ONE_GIB);
        assertTrue(score >= 0 && score < 1);
    }

    @Test
    public void volumeNumberPrefersTheBackendWithFewestVolumesPlacementsSinceTheReportIncluded() {
        BackendStateTracker.Tracked crowded = tracked("crowded", 5, 0);
        BackendStateTracker.Tracked quiet = tracked("quiet", 1, 3);
        BackendStateTracker.Tracked mid = tracked("mid", 3, 0);
        VolumeNumberWeigher weigher = new VolumeNumberWeigher(ComponentConfigs.of(VolumeNumberWeigher.Config.class, Map.of("multiplier", -1.0)));
        List<BackendState> backends = List.of(crowded.state(0, 60_000), quiet.state(0, 60_000), mid.state(0, 60_000));
        assertEquals(5.0, weigher.weigh(backends.get(0), ONE_GIB), 0.0);
        assertEquals("1 reported, 3 placed since", 4.0, weigher.weigh(backends.get(1), ONE_GIB), 0.0);
        assertEquals("mid", new BackendSelector(NO_FILTERS, List.<BackendWeigher>of(weigher))
                .select(backends, ONE_GIB, Set.of()).backend().orElseThrow().backendName());
    }

    /** A report of {@code volumes} volumes, and {@code placed} placements made since. */
    private static BackendStateTracker.Tracked tracked(String name, long volumes, int placed) {
        BackendReport report = new BackendReport("node@" + name, name, "nova", "nfs", "scoria-driver-nfs", "1.0.0",
                BackendReport.UP, null, 0, 100, 100, 0, true, 0, 20.0, "nfs", "v", "1", Map.of("total_volumes", volumes));
        List<BackendStateTracker.Placement> placements = new ArrayList<>();
        for (int i = 0; i < placed; i++) {
            placements.add(new BackendStateTracker.Placement("v" + i, 1, Long.MAX_VALUE));
        }
        return new BackendStateTracker.Tracked(report, 0, placements);
    }
}
