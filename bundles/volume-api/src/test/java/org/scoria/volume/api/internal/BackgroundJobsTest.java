package org.scoria.volume.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.NewAttachment;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.testing.ComponentConfigs;
import org.scoria.persistence.testing.InMemoryStores;

/**
 * The volume API's background jobs are safe when every node runs them: two instances — two nodes
 * — run each job at the same moment over one database, and each expired attachment is removed,
 * each old message reaped, exactly once between them. The store runs again a transaction Derby
 * picked as a deadlock's victim; a round that fails all the same is run again, as the job's next
 * interval would.
 */
public class BackgroundJobsTest {

    /** Derby's defaults (20 s to find a deadlock) would make a lost round slow, not different. */
    @BeforeClass
    public static void quickLockConflicts() {
        System.setProperty("derby.locks.deadlockTimeout", "1");
        System.setProperty("derby.locks.waitTimeout", "2");
    }

    private static final int RESOURCES = 20;

    private ApiServices api;
    private InMemoryStores stores;
    private final List<AttachmentExpiry> expiries = new ArrayList<>();
    private final List<UserMessageReaper> reapers = new ArrayList<>();
    private final ExecutorService nodes = Executors.newFixedThreadPool(2);

    @Before
    public void database() throws Exception {
        api = new ApiServices(Map.of());
        stores = api.stores;
    }

    @After
    public void close() {
        nodes.shutdownNow();
        expiries.forEach(AttachmentExpiry::deactivate);
        reapers.forEach(UserMessageReaper::deactivate);
        api.close();
    }

    @Test
    public void twoNodesExpireEachUnfinishedAttachmentOnce() throws Exception {
        List<String> attachments = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
            Volume volume = stores.volumes.create(new NewVolume("p1", "u1", null, null, 1, "nova"));
            assertTrue(stores.volumes.assignHost(volume.id(), "node@nfs#nfs", "nova"));
            assertTrue(stores.volumes.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE,
                    VolumeChange.NONE));
            attachments.add(stores.attachments.create(volume.id(), EnumSet.of(VolumeStatus.AVAILABLE),
                    new NewAttachment("server-" + i, "rw", null, null), AttachStatus.RESERVED).orElseThrow().id());
        }
        DefaultAttachmentService.Config config = ComponentConfigs.of(DefaultAttachmentService.Config.class, Map.of());
        for (int node = 0; node < 2; node++) {
            expiries.add(new AttachmentExpiry(stores.attachments, api.volumes, new RecordingBus(), config));
        }
        Instant later = Instant.now().plusSeconds(3600);

        int removed = atOnce(() -> expiries.get(0).expire(later), () -> expiries.get(1).expire(later),
                () -> !stores.attachments.unfinished(later).isEmpty());

        assertEquals("each attachment removed by one node", RESOURCES, removed);
        for (String id : attachments) {
            assertTrue("attachment " + id + " is gone", stores.attachments.find(id).isEmpty());
        }
        assertEquals("nothing is left to expire", 0, expiries.get(0).expire(later));
    }

    @Test
    public void twoNodesReapEachOldMessageOnce() throws Exception {
        for (int i = 0; i < RESOURCES; i++) {
            stores.messages.create("p1", "req-" + i, "VOLUME", "volume-" + i, "VOLUME_VOLUME_001_003", "no backend");
        }
        DefaultVolumeService.Config config = ComponentConfigs.of(DefaultVolumeService.Config.class, Map.of());
        for (int node = 0; node < 2; node++) {
            reapers.add(new UserMessageReaper(stores.messages, config));
        }
        Instant later = Instant.now().plusSeconds(3600);

        int removed = atOnce(() -> reapers.get(0).reap(later), () -> reapers.get(1).reap(later),
                () -> !stores.messages.list(null, null, null, null).isEmpty());

        assertEquals("each message removed by one node", RESOURCES, removed);
        assertEquals(List.of(), stores.messages.list(null, null, null, null));
    }

    /**
     * Runs both nodes' job from one barrier, each round after round while work is left; what they
     * did together.
     */
    private int atOnce(IntSupplier first, IntSupplier second, BooleanSupplier workLeft) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Integer>> done = new ArrayList<>();
        for (IntSupplier job : List.of(first, second)) {
            done.add(nodes.submit(() -> {
                start.await();
                int total = 0;
                for (int round = 0; round < 20; round++) {
                    try {
                        total += job.getAsInt();
                    } catch (RuntimeException lockConflict) {
                        // The job logs it and tries again at its next interval.
                    }
                    if (!workLeft.getAsBoolean()) {
                        return total;
                    }
                }
                throw new AssertionError("work was left after 20 rounds");
            }));
        }
        return done.get(0).get() + done.get(1).get();
    }
}
