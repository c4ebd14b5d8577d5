package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.scoria.guard.VendorCallFigures;
import org.scoria.guard.VendorGuard;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;

/**
 * Driver bundles and backends coming and going in a running distribution: an uninstalled driver's
 * backend is down at once and its queued requests complete when it is back; a backend whose
 * configuration is removed is down at once; a driver that fails to start is reported down with
 * its failure while the rest keeps serving; operators disable, enable and drain backends and
 * list driver bundles from the shell; a vendor's driver is installed, updated and removed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverLifecycleIT extends ScoriaTestSupport {

    private static final String PROJECT = "lifecycle-it";
    /** Well under the 60 s a driver that merely stopped is given: "down" this fast is the immediate path. */
    private static final int DOWN_WITHIN_SECONDS = 10;

    private final Http http = client("frank", PROJECT);

    @Inject
    @Filter(timeout = 120000)
    private VendorGuard vendorGuard;

    @Test
    public void uninstalledDriverIsDownAndItsQueuedRequestsCompleteWhenItIsBack() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        String kept = create(http, PROJECT, createBody(1, null));
        Volume volume = awaitStatus(kept, VolumeStatus.AVAILABLE, 60);
        Path file = Path.of(volume.providerLocation(), "volume-" + kept);
        assertTrue(Files.isRegularFile(file));

        Bundle driver = driverBundle();
        String location = driver.getLocation();
        driver.uninstall();
        try {
            requestsWaitForTheUninstalledDriver(kept, file);
        } finally {
            // Reinstalled even when the test fails, so that the other tests of the class find their backend.
            driver = bundleContext.installBundle(location);
            driver.start();
        }
        awaitReady("nfs-default");
        awaitGone(kept, 60);
        assertTrue("the queued delete removed the file", Files.notExists(file));
        String listed = shell("scoria:driver-list");
        System.out.println("scoria:driver-list\n" + listed);
        assertTrue(listed, listed.contains("scoria-driver-nfs") && listed.contains("Active")
                && listed.contains(backend("nfs-default").backendHost() + " (up)"));
    }

    private void requestsWaitForTheUninstalledDriver(String kept, Path file) throws Exception {
        await("nfs-default down", DOWN_WITHIN_SECONDS, () -> "down".equals(backend("nfs-default").state()));
        assertTrue(backend("nfs-default").stateReason(), backend("nfs-default").stateReason().contains("uninstalled"));

        // A copy can only be made on its source's backend: refused while that is down.
        String copy = create(http, PROJECT, createBody(1, "\"source_volid\": \"" + kept + "\""));
        Volume refusedCopy = awaitStatus(copy, VolumeStatus.ERROR, 60);
        assertTrue(refusedCopy.statusReason(), refusedCopy.statusReason().contains("which is down"));

        // The delete of a volume on it waits in the broker; a new volume is not placed on it.
        assertEquals(202, http.delete("/v3/" + PROJECT + "/volumes/" + kept).status());
        String refused = create(http, PROJECT, createBody(1, null));
        awaitStatus(refused, VolumeStatus.ERROR, 60);
        Thread.sleep(2000);
        assertEquals(VolumeStatus.DELETING, store.find(kept).orElseThrow().status());
        assertTrue("the volume's file is still there", Files.isRegularFile(file));
    }

    @Test
    public void unconfiguredBackendIsDownAtOnceAndAFailingDriverIsDownWithItsFailure() throws Exception {
        List<Configuration> added = new ArrayList<>();
        try {
            added.add(nfsBackend("nfs-extra", 5, Map.of()));
            awaitReady("nfs-extra");
            added.add(nfsBackend("nfs-broken", 150, Map.of()));
            await("nfs-broken reported down", 30, () -> backends.backends().stream()
                    .anyMatch(b -> b.backendName().equals("nfs-broken") && "down".equals(b.state())));
            String reason = backend("nfs-broken").stateReason();
            System.out.println("nfs-broken: " + reason);
            assertTrue(reason, reason.contains("failed to start") && reason.contains("reserved.percentage"));

            // The rest of the platform keeps serving.
            Http.unlimitedQuota(ENDPOINT, PROJECT);
            awaitStatus(create(http, PROJECT, createBody(1, null)), VolumeStatus.AVAILABLE, 60);

            // A changed configuration restarts the driver: the backend is paused meanwhile, never down.
            Hashtable<String, Object> changed = copy(added.get(0).getProperties());
            changed.put("reserved.percentage", 6);
            added.get(0).update(changed);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until) {
                assertTrue(backend("nfs-extra").stateReason(), !"down".equals(backend("nfs-extra").state()));
                Thread.sleep(100);
            }
            await("nfs-extra up with its new configuration", 30,
                    () -> "up".equals(backend("nfs-extra").state()) && backend("nfs-extra").reservedPercentage() == 6);

            added.remove(0).delete();
            await("nfs-extra down", DOWN_WITHIN_SECONDS, () -> "down".equals(backend("nfs-extra").state()));
            assertTrue(backend("nfs-extra").stateReason(),
                    backend("nfs-extra").stateReason().contains("configuration was removed"));
        } finally {
            for (Configuration config : added) {
                removeBackend(config);
            }
        }
    }

    @Test
    public void operatorsDisableAndEnableABackendFromTheShell() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        awaitReady("nfs-default");
        String host = backend("nfs-default").backendHost();
        try {
            String disabled = shell("scoria:backend-disable --reason maintenance --no-format " + host);
            System.out.println("scoria:backend-disable\n" + disabled);
            assertTrue(disabled, disabled.contains("disabled") && disabled.contains("maintenance"));
            awaitStatus(create(http, PROJECT, createBody(1, null)), VolumeStatus.ERROR, 60);

            String enabled = shell("scoria:backend-enable --no-format " + host);
            assertTrue(enabled, enabled.contains("enabled"));
            awaitStatus(create(http, PROJECT, createBody(1, null)), VolumeStatus.AVAILABLE, 60);
        } finally {
            shell("scoria:backend-enable " + host);
        }
    }

    /** Drain waits for the work in flight: thick volumes whose zeros are still being written. */
    @Test
    public void drainWaitsForTheRequestsInFlightOnTheBackend() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        Configuration config = nfsBackend("nfs-thick", 0,
                Map.of("sparse.volumes", false, "scoria.backend.availability.zone", "thick-zone"));
        List<String> ids = new ArrayList<>();
        try {
            awaitReady("nfs-thick");
            String host = backend("nfs-thick").backendHost();
            for (int i = 0; i < 3; i++) {
                ids.add(create(http, PROJECT, createBody(2, "\"availability_zone\": \"thick-zone\"")));
            }
            await("the thick creates placed", 60,
                    () -> ids.stream().allMatch(id -> store.find(id).orElseThrow().host() != null));
            String drained = shell("scoria:backend-drain --timeout 120 " + host);
            System.out.println("scoria:backend-drain\n" + drained);
            assertTrue(drained, drained.contains("in flight on " + host) && drained.contains("is drained"));
            for (String id : ids) {
                assertEquals(VolumeStatus.AVAILABLE, store.find(id).orElseThrow().status());
            }
            awaitStatus(create(http, PROJECT, createBody(1, "\"availability_zone\": \"thick-zone\"")),
                    VolumeStatus.ERROR, 60);
            shell("scoria:backend-enable " + host);
            deleteAll(http, PROJECT, ids);
        } finally {
            removeBackend(config);
        }
    }

    /**
     * A vendor's view: the example driver, built against the SPI artifact alone, is installed from
     * its file, serves a backend, is updated to its next release under that backend's volumes, and
     * is removed; a request queued while it is gone completes when it is back.
     */
    @Test
    public void vendorDriverIsInstalledFromAFileUpdatedAndRemoved() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        Bundle vendor = bundleContext.installBundle(
                Path.of(System.getProperty("scoria.example.driver")).toUri().toString());
        Configuration config = configurationAdmin.getFactoryConfiguration("com.example.scoria.filedriver", "vendor", "?");
        Path directory = Path.of(System.getProperty("karaf.data"), "it", "vendor-files");
        try {
            vendor.start();
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("scoria.backend.name", "vendor-files");
            properties.put("scoria.backend.availability.zone", "vendor-zone");
            properties.put("directory", directory.toString());
            config.update(properties);
            awaitReady("vendor-files");
            assertEquals("1.0.0", backend("vendor-files").driverBundleVersion());
            assertEquals("example-file", backend("vendor-files").driverName());

            String id = create(http, PROJECT, createBody(1, "\"availability_zone\": \"vendor-zone\""));
            awaitStatus(id, VolumeStatus.AVAILABLE, 60);
            Path file = directory.resolve("volume-" + id);
            assertEquals(1L << 30, Files.size(file));

            try (InputStream next = Files.newInputStream(Path.of(System.getProperty("scoria.example.driver.next")))) {
                vendor.update(next);
            }
            await("the backend served by the next release", 30,
                    () -> "1.1.0".equals(backend("vendor-files").driverBundleVersion())
                            && "up".equals(backend("vendor-files").state()));
            Http.Reply extend = http.post("/v3/" + PROJECT + "/volumes/" + id + "/action",
                    "{\"os-extend\": {\"new_size\": 2}}");
            assertEquals(extend.body(), 202, extend.status());
            await("volume " + id + " extended by the new release", 60,
                    () -> store.find(id).orElseThrow().sizeGb() == 2
                            && store.find(id).orElseThrow().status() == VolumeStatus.AVAILABLE);
            assertEquals(2L << 30, Files.size(file));

            vendor.uninstall();
            await("vendor-files down", DOWN_WITHIN_SECONDS, () -> "down".equals(backend("vendor-files").state()));
            assertEquals(202, http.delete("/v3/" + PROJECT + "/volumes/" + id).status());
            Thread.sleep(2000);
            assertEquals("the delete waits for the driver", VolumeStatus.DELETING, store.find(id).orElseThrow().status());
            vendor = bundleContext.installBundle(
                    Path.of(System.getProperty("scoria.example.driver.next")).toUri().toString());
            vendor.start();
            awaitGone(id, 60);
            assertTrue(Files.notExists(file));
        } finally {
            removeBackend(config);
            if (vendor.getState() != Bundle.UNINSTALLED) {
                vendor.uninstall();
            }
        }
    }

    /**
     * The vendor guard around a driver that leaves: a driver (test-bundles/stuck-vendor) whose create
     * never answers is stopped while the create hangs. The stop returns after the volume manager's
     * leave wait (20 s), not after the broker's pause timeout (120 s) it once waited on SCR's thread.
     * The create, failed by its leaving driver, is not lost: it goes back to the broker, and the
     * driver's next release (configured not to hang) creates the volume.
     */
    @Test
    public void aDriverWhoseCallHangsLeavesWithoutHoldingTheFrameworkNorLosingTheRequest() throws Exception {
        Http.unlimitedQuota(ENDPOINT, PROJECT);
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        Bundle vendor = bundleContext.installBundle(
                Path.of(System.getProperty("scoria.test.stuck.vendor")).toUri().toString());
        Configuration config = configurationAdmin.getFactoryConfiguration("org.scoria.test.stuck.driver", "it", "?");
        try {
            vendor.start();
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("scoria.backend.name", "stuck-backend");
            properties.put("scoria.backend.availability.zone", "stuck-zone");
            config.update(properties);
            awaitReady("stuck-backend");
            String id = create(http, PROJECT, createBody(1, "\"availability_zone\": \"stuck-zone\""));
            await("the stuck driver holding the create of " + id, 60, () -> store.find(id).orElseThrow().host() != null
                    && runningCalls(vendor) > 0);

            long began = System.nanoTime();
            vendor.stop();
            long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
            assertTrue("the stop took " + tookSeconds + " s", tookSeconds < 60);
            assertTrue(Files.readString(log).contains("driver stuck leaves while requests it took have not finished"));
            await("the create handed back to the broker", 30, () -> Files.readString(log).contains("Driver stuck left "
                    + backend("stuck-backend").backendHost() + " while it was to create the volume " + id));
            assertEquals(VolumeStatus.CREATING, store.find(id).orElseThrow().status());

            properties.put("hang.creates", "false");
            config.update(properties);
            vendor.start();
            awaitStatus(id, VolumeStatus.AVAILABLE, 60);
            assertEquals(202, http.delete("/v3/" + PROJECT + "/volumes/" + id).status());
            awaitGone(id, 60);
        } finally {
            // Uninstalled first: its stopped driver's backend is down at once, not after the grace period.
            vendor.uninstall();
            removeBackend(config);
        }
    }

    private long runningCalls(Bundle vendor) {
        return vendorGuard.figures().stream().filter(figures -> figures.bundle().equals(vendor.getSymbolicName()))
                .mapToLong(VendorCallFigures::running).sum();
    }

    private Bundle driverBundle() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if ("scoria-driver-nfs".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("scoria-driver-nfs is not installed");
    }
}
