package org.scoria.driver.nfs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeSpec;

/** The driver on a real directory of this machine's filesystem. */
public class NfsVolumeDriverTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private NfsVolumeDriver driver(Path share, boolean sparse, int reserved, double ratio) throws Exception {
        return new NfsVolumeDriver(new NfsVolumeDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NfsVolumeDriver.Config.class;
            }

            @Override
            public String scoria_backend_name() {
                return "nfs-test";
            }

            @Override
            public String scoria_backend_availability_zone() {
                return "nova";
            }

            @Override
            public String share_directory() {
                return share.toString();
            }

            @Override
            public boolean sparse_volumes() {
                return sparse;
            }

            @Override
            public int reserved_percentage() {
                return reserved;
            }

            @Override
            public double max_over_subscription_ratio() {
                return ratio;
            }
        });
    }

    @Test
    public void createsASparseRawFileOfTheSizeAskedAndIsIdempotent() throws Exception {
        Path share = folder.getRoot().toPath().resolve("share");
        NfsVolumeDriver driver = driver(share, true, 0, 20.0);
        VolumeSpec volume = new VolumeSpec("11111111-2222-3333-4444-555555555555", 3, null);
        assertEquals(share.toString(), driver.createVolume(volume));
        Path file = share.resolve("volume-" + volume.id());
        assertEquals(3L << 30, Files.size(file));
        long allocated = allocatedBytes(file);
        assertTrue("sparse: " + allocated + " bytes allocated", allocated < 1L << 20);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("a redelivered create succeeds", share.toString(), driver.createVolume(volume));
        assertFalse(Files.exists(share.resolve("volume-" + volume.id() + ".part")));
    }

    @Test
    public void refusesToReuseAFileOfAnotherSize() throws Exception {
        Path share = folder.getRoot().toPath();
        NfsVolumeDriver driver = driver(share, true, 0, 20.0);
        driver.createVolume(new VolumeSpec("a-volume", 1, null));
        DriverException clash = assertThrows(DriverException.class, () -> driver.createVolume(new VolumeSpec("a-volume", 2, null)));
        assertTrue(clash.getMessage(), clash.getMessage().contains("volume-a-volume"));
    }

    @Test
    public void deleteRemovesTheFileAndToleratesItsAbsence() throws Exception {
        Path share = folder.getRoot().toPath();
        NfsVolumeDriver driver = driver(share, true, 0, 20.0);
        VolumeSpec volume = new VolumeSpec("gone", 1, null);
        driver.createVolume(volume);
        driver.deleteVolume(volume);
        assertFalse(Files.exists(share.resolve("volume-gone")));
        driver.deleteVolume(volume);
    }

    @Test
    public void statsComeFromTheFilesystemAndTheVolumeFiles() throws Exception {
        Path share = folder.getRoot().toPath();
        NfsVolumeDriver driver = driver(share, true, 15, 4.0);
        driver.createVolume(new VolumeSpec("one", 2, null));
        driver.createVolume(new VolumeSpec("two", 3, null));
        Files.writeString(share.resolve("not-a-volume.txt"), "ignored");
        BackendStats stats = driver.getStats();
        assertEquals(5.0, stats.provisionedCapacityGb(), 0.0001);
        assertEquals(Files.getFileStore(share).getTotalSpace() / (double) (1L << 30), stats.totalCapacityGb(), 0.01);
        assertTrue(stats.freeCapacityGb() > 0 && stats.freeCapacityGb() <= stats.totalCapacityGb());
        assertTrue(stats.thinProvisioning());
        assertEquals(15, stats.reservedPercentage());
        assertEquals(4.0, stats.maxOverSubscriptionRatio(), 0);
        assertEquals("nfs", stats.storageProtocol());
    }

    @Test
    public void thickVolumesAreAllocated() throws Exception {
        Path share = folder.getRoot().toPath();
        NfsVolumeDriver driver = driver(share, false, 0, 1.0);
        driver.createVolume(new VolumeSpec("thick", 1, null));
        Path file = share.resolve("volume-thick");
        long allocated = allocatedBytes(file);
        assertTrue("allocated " + allocated + " bytes", allocated >= 1L << 30);
        assertFalse(driver.getStats().thinProvisioning());
    }

    /** What the filesystem really allocated for a file, as stat(1) reports it (Java does not expose st_blocks). */
    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }

    @Test
    public void badConfigurationIsRefusedAtActivation() {
        Path share = folder.getRoot().toPath();
        assertThrows(IllegalArgumentException.class, () -> driver(share, true, 101, 20.0));
        assertThrows(IllegalArgumentException.class, () -> driver(share, true, 0, 0.5));
    }
}
