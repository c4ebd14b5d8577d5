package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;

/**
 * The NFS driver bundle is updated ({@code bundle:update}) while creates and then deletes are
 * queued and running: none fails, none is lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverUpdateIT extends ScoriaTestSupport {

    private static final String PROJECT = "update-it";
    private static final int VOLUMES = 120;

    @Test
    public void updatingTheDriverUnderLoadLosesNothing() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        Bundle driver = driverBundle();
        long revisionBefore = driver.getLastModified();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < VOLUMES; i++) {
                creates.add(clients.submit(() -> {
                    ids.add(create(client("carol", PROJECT), PROJECT, createBody(1, null)));
                    return null;
                }));
            }
            await("a tenth of the creates accepted", 60, () -> ids.size() >= VOLUMES / 10);
            long pendingAtUpdate = countInProject(VolumeStatus.CREATING);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pendingAtUpdate == 0 && ids.size() < VOLUMES && System.nanoTime() < deadline) {
                pendingAtUpdate = countInProject(VolumeStatus.CREATING);
            }
            driver.update();
            for (Future<?> create : creates) {
                create.get(60, TimeUnit.SECONDS);
            }
            assertTrue("the update must happen while creates are queued or running", pendingAtUpdate > 0);
            assertEquals(Bundle.ACTIVE, driverBundle().getState());
            assertTrue("the bundle was really updated", driverBundle().getLastModified() > revisionBefore);

            for (String id : ids) {
                Volume volume = awaitStatus(id, VolumeStatus.AVAILABLE, 120);
                assertTrue(Files.isRegularFile(Path.of(volume.providerLocation(), "volume-" + id)));
            }
            assertEquals(VOLUMES, ids.size());

            List<Future<?>> deletes = new ArrayList<>();
            for (String id : ids) {
                deletes.add(clients.submit(() -> {
                    assertEquals(202, client("carol", PROJECT).delete("/v3/" + PROJECT + "/volumes/" + id).status());
                    return null;
                }));
            }
            // Update the moment a delete is seen queued or running, while more are still arriving.
            long deletingAtUpdate = 0;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deletingAtUpdate == 0 && !store.list(PROJECT).isEmpty() && System.nanoTime() < deadline) {
                deletingAtUpdate = countInProject(VolumeStatus.DELETING);
            }
            driverBundle().update();
            for (Future<?> delete : deletes) {
                delete.get(60, TimeUnit.SECONDS);
            }
            assertTrue("the second update must happen while deletes are queued or running", deletingAtUpdate > 0);
            for (String id : ids) {
                awaitGone(id, 120);
            }
            assertEquals("no volume ended in error", 0, store.list(PROJECT).size());
            String share = System.getProperty("karaf.data") + "/scoria/nfs/default";
            for (String id : ids) {
                assertTrue(Files.notExists(Path.of(share, "volume-" + id)));
            }
            await("backend up again after the updates", 30, () -> "up".equals(backend("nfs-default").state()));
        } finally {
            clients.shutdownNow();
        }
    }

    private Bundle driverBundle() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if ("scoria-driver-nfs".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("scoria-driver-nfs is not installed");
    }

    /** One query, so that the count is a snapshot of the moment before the update. */
    private long countInProject(VolumeStatus status) {
        return store.list(PROJECT).stream().filter(volume -> volume.status() == status).count();
    }
}
