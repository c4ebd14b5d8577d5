package org.scoria.driver.nfs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.SnapshotSpec;
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

            @Override
            public String qemu_img_command() {
                return "qemu-img";
            }

            @Override
            public int qemu_img_timeout_seconds() {
                return 60;
            }

            @Override
            public String nfs_export() {
                return "";
            }

            @Override
            public String nfs_mount_options() {
                return "vers=4.2";
            }
        });
    }

    @Test
    public void connectionInfoNamesTheActiveFileOfTheChainInCindersShape() throws Exception {
        Path share = folder.getRoot().toPath().resolve("share");
        NfsVolumeDriver driver = driver(share, true, 0, 20.0);
        VolumeSpec volume = new VolumeSpec("connected", 1, null);
        assertThrows(DriverException.class, () -> driver.initializeConnection(volume, Map.of("host", "compute-1")));
        driver.createVolume(volume);
        ConnectionInfo raw = driver.initializeConnection(volume, Map.of("host", "compute-1"));
        assertEquals("nfs", raw.driverVolumeType());
        assertEquals(List.of("export", "name", "options", "format"), List.copyOf(raw.data().keySet()));
        assertEquals(share.toString(), raw.data().get("export"));
        assertEquals("volume-connected", raw.data().get("name"));
        assertEquals("raw", raw.data().get("format"));
        assertEquals("the same connector gets the same answer", raw, driver.initializeConnection(volume,
                Map.of("host", "compute-1")));

        driver.createSnapshot(new SnapshotSpec("s1", volume, null));
        ConnectionInfo overlay = driver.initializeConnection(volume, Map.of("host", "compute-1"));
        assertEquals("the overlay written since the snapshot", "qcow2", overlay.data().get("format"));
        assertTrue(Files.exists(share.resolve((String) overlay.data().get("name"))));
        driver.terminateConnection(volume, Map.of("host", "compute-1"));
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

    /**
     * Snapshots, copies, revert and snapshot deletion with the real qemu-img, checked by the
     * data each image holds: every step writes its own byte pattern at the start of the volume.
     */
    @Test
    public void snapshotChainKeepsEachPointInTimeThroughCopiesRevertAndDeletes() throws Exception {
        Path share = folder.getRoot().toPath().resolve("share");
        NfsVolumeDriver driver = driver(share, true, 0, 20.0);
        VolumeSpec volume = new VolumeSpec("aaaaaaaa-0000-0000-0000-000000000001", 1, null);
        driver.createVolume(volume);
        write(share, volume, 0xA1);
        SnapshotSpec first = new SnapshotSpec("5a5a5a5a-0000-0000-0000-000000000001", volume, null);
        driver.createSnapshot(first);
        driver.createSnapshot(first);
        write(share, volume, 0xB2);
        SnapshotSpec second = new SnapshotSpec("5a5a5a5a-0000-0000-0000-000000000002", volume, null);
        driver.createSnapshot(second);
        write(share, volume, 0xC3);

        VolumeSpec fromFirst = new VolumeSpec("bbbbbbbb-0000-0000-0000-000000000001", 2, null);
        driver.createVolumeFromSnapshot(fromFirst, first);
        assertEquals(0xA1, firstByte(share, fromFirst));
        assertEquals("grown to the new volume's size", 2L << 30, Files.size(share.resolve(fromFirst.storageName())));
        VolumeSpec fromSecond = new VolumeSpec("bbbbbbbb-0000-0000-0000-000000000002", 1, null);
        driver.createVolumeFromSnapshot(fromSecond, second);
        assertEquals(0xB2, firstByte(share, fromSecond));
        VolumeSpec clone = new VolumeSpec("bbbbbbbb-0000-0000-0000-000000000003", 1, null);
        driver.cloneVolume(clone, volume);
        assertEquals(0xC3, firstByte(share, clone));

        assertThrows("only the latest snapshot can be reverted to", DriverException.class,
                () -> driver.revertToSnapshot(volume, first));
        driver.revertToSnapshot(volume, second);
        assertEquals(0xB2, firstByte(share, volume));

        driver.deleteSnapshot(first);
        driver.deleteSnapshot(first);
        assertEquals("the volume keeps its data", 0xB2, firstByte(share, volume));
        VolumeSpec again = new VolumeSpec("bbbbbbbb-0000-0000-0000-000000000004", 1, null);
        driver.createVolumeFromSnapshot(again, second);
        assertEquals("the other snapshot keeps its data", 0xB2, firstByte(share, again));

        driver.extendVolume(volume, 3);
        assertEquals(3 + 2 + 1 + 1 + 1, driver.getStats().provisionedCapacityGb(), 0.001);
        driver.deleteSnapshot(second);
        assertFalse("no overlay left: the chain record is gone", Files.exists(share.resolve(volume.storageName() + ".info")));
        assertEquals(0xB2, firstByte(share, volume));
        assertEquals("the extend survives the merge", 3L << 30, Files.size(share.resolve(volume.storageName())));

        for (VolumeSpec each : List.of(volume, fromFirst, fromSecond, clone, again)) {
            driver.deleteVolume(each);
        }
        try (var left = Files.list(share)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    public void aVolumeFromACacheEntryIsAnOverlayThatKeepsTheEntrysFileUntilItGoes() throws Exception {
        Path share = folder.getRoot().toPath().resolve("share");
        NfsVolumeDriver driver = driver(share, true, 0, 20.0);
        VolumeSpec entry = new VolumeSpec("cccccccc-0000-0000-0000-000000000001", 1, null);
        driver.createVolume(entry);
        write(share, entry, 0xD4);
        VolumeSpec first = new VolumeSpec("dddddddd-0000-0000-0000-000000000001", 2, null);
        driver.cloneCachedImage(first, entry);
        driver.cloneCachedImage(first, entry);
        assertEquals(0xD4, firstByte(share, first));
        ConnectionInfo connection = driver.initializeConnection(first, Map.of("host", "compute-1"));
        assertEquals("qcow2", connection.data().get("format"));
        assertEquals(first.storageName(), connection.data().get("name"));
        write(share, first, 0xE5);
        assertEquals("the entry is never written", 0xD4, firstByte(share, entry));
        VolumeSpec second = new VolumeSpec("dddddddd-0000-0000-0000-000000000002", 1, null);
        driver.cloneCachedImage(second, entry);
        assertEquals(0xD4, firstByte(share, second));

        SnapshotSpec snapshot = new SnapshotSpec("5a5a5a5a-0000-0000-0000-000000000003", first, null);
        driver.createSnapshot(snapshot);
        write(share, first, 0xF6);
        driver.revertToSnapshot(first, snapshot);
        assertEquals(0xE5, firstByte(share, first));
        driver.deleteSnapshot(snapshot);
        assertEquals("the snapshot merged into the overlay", 0xE5, firstByte(share, first));
        driver.extendVolume(first, 3);
        assertEquals("the entry, and each volume at its size", 1 + 3 + 1, driver.getStats().provisionedCapacityGb(), 0.001);
        VolumeSpec copy = new VolumeSpec("dddddddd-0000-0000-0000-000000000003", 3, null);
        driver.cloneVolume(copy, first);
        assertEquals(0xE5, firstByte(share, copy));
        assertEquals("a copy of an overlay stands alone", 3L << 30, Files.size(share.resolve(copy.storageName())));

        driver.deleteVolume(entry);
        assertTrue("its overlays still use it", Files.exists(share.resolve(entry.storageName())));
        assertEquals(0xD4, firstByte(share, second));
        VolumeSpec third = new VolumeSpec("dddddddd-0000-0000-0000-000000000004", 1, null);
        assertThrows("a deleted entry is cloned no more", DriverException.class, () -> driver.cloneCachedImage(third, entry));
        driver.deleteVolume(first);
        assertTrue(Files.exists(share.resolve(entry.storageName())));
        driver.deleteVolume(second);
        assertFalse("the last overlay took it along", Files.exists(share.resolve(entry.storageName())));
        driver.deleteVolume(copy);
        driver.deleteVolume(third);
        try (var left = Files.list(share)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** Writes a 64 KiB pattern at offset 0 of the volume's active file, through qemu-io. */
    private static void write(Path share, VolumeSpec volume, int pattern) throws Exception {
        String active = activeFile(share, volume);
        run("qemu-io", "-f", format(share, volume, active), "-c",
                "write -P " + pattern + " 0 64k", share.resolve(active).toString());
    }

    /** The first byte the volume shows, read through its whole chain. */
    private static int firstByte(Path share, VolumeSpec volume) throws Exception {
        String active = activeFile(share, volume);
        Path copy = share.resolveSibling("read-" + volume.id());
        run("qemu-img", "convert", "-f", format(share, volume, active), "-O", "raw",
                share.resolve(active).toString(), copy.toString());
        try (var in = Files.newInputStream(copy)) {
            return in.read();
        } finally {
            Files.delete(copy);
        }
    }

    private static String activeFile(Path share, VolumeSpec volume) throws Exception {
        return chain(share, volume).getProperty("active", volume.storageName());
    }

    /** The format of a file of the volume's chain: its base is raw unless it overlays a cache entry. */
    private static String format(Path share, VolumeSpec volume, String file) throws Exception {
        return file.equals(volume.storageName()) ? chain(share, volume).getProperty("base.format", "raw") : "qcow2";
    }

    private static java.util.Properties chain(Path share, VolumeSpec volume) throws Exception {
        java.util.Properties chain = new java.util.Properties();
        Path info = share.resolve(volume.storageName() + ".info");
        if (Files.exists(info)) {
            try (var in = Files.newInputStream(info)) {
                chain.load(in);
            }
        }
        return chain;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(String.join(" ", command) + ": " + output, 0, process.waitFor());
    }
}
