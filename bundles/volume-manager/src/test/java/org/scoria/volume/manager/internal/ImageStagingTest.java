package org.scoria.volume.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scoria.image.Image;

/** The checks of a staged image, with the real qemu-img on images made for each case. */
public class ImageStagingTest {

    private final ImageStaging staging = NoImages.transfers().downloads();
    private Path directory;

    @Before
    public void directory() throws IOException {
        directory = Files.createTempDirectory(Path.of("target"), "image-staging-test").toAbsolutePath();
    }

    @After
    public void removeDirectory() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    @Test
    public void anImageInItsDeclaredFormatThatFitsIsAccepted() throws Exception {
        Path raw = qemuImg("raw", "disk.raw", "1G");
        Path qcow2 = qemuImg("qcow2", "disk.qcow2", "1G");
        assertEquals("raw", staging.inspect(image("raw"), raw, 1).format());
        assertEquals("its disk, in whole GiB", 1, staging.inspect(image("raw"), raw, 1).virtualGb());
        assertEquals("qcow2", staging.inspect(image("qcow2"), qcow2, 1).format());
        assertEquals("an ISO is raw data", "raw", staging.inspect(image("iso"), raw, 1).format());
    }

    @Test
    public void aDiskLargerThanTheVolumeIsUnacceptable() throws Exception {
        Path qcow2 = qemuImg("qcow2", "big.qcow2", "3G");
        assertRefused("Image i1 is unacceptable: Image virtual size is 3GB and doesn't fit in a volume of size 2GB.",
                image("qcow2"), qcow2, 2);
    }

    @Test
    public void dataNotInItsDeclaredFormatIsUnacceptable() throws Exception {
        Path raw = qemuImg("raw", "disk.raw", "1M");
        assertRefused("Image i1 is unacceptable: The image format was claimed to be 'qcow2' but the image data appears"
                + " to be in a different format.", image("qcow2"), raw, 1);
    }

    /** An image that would have qemu-img copy another file of the host into the volume. */
    @Test
    public void anImageThatReadsAnotherFileIsUnacceptable() throws Exception {
        Path secret = Files.writeString(directory.resolve("secret"), "not for tenants".repeat(100));
        Path backed = directory.resolve("backed.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", secret.toString(), "-F", "raw", backed.toString());
        assertRefused("Image i1 is unacceptable: fmt=qcow2 has a backing file or an external data file.",
                image("qcow2"), backed, 1);

        // A VMDK descriptor whose flat extent is the host's file.
        Path descriptor = Files.writeString(directory.resolve("flat.vmdk"), String.join("\n",
                "# Disk DescriptorFile", "version=1", "CID=fffffffe", "parentCID=ffffffff",
                "createType=\"monolithicFlat\"", "RW 3 FLAT \"" + secret + "\" 0",
                "ddb.virtualHWVersion = \"4\"", ""));
        ImageStaging.ImageFailure refused = assertThrows(ImageStaging.ImageFailure.class,
                () -> staging.inspect(image("vmdk"), descriptor, 1));
        assertTrue(refused.getMessage(), refused.getMessage().contains("VMDK create-type monolithicFlat is not allowed"));
    }

    private void assertRefused(String message, Image image, Path file, int volumeGb) {
        ImageStaging.ImageFailure refused = assertThrows(ImageStaging.ImageFailure.class,
                () -> staging.inspect(image, file, volumeGb));
        assertEquals(message, refused.getMessage());
    }

    private Path qemuImg(String format, String name, String size) throws Exception {
        Path file = directory.resolve(name);
        run("qemu-img", "create", "-q", "-f", format, file.toString(), size);
        return file;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).inheritIO().start();
        assertTrue(String.join(" ", command), process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0);
    }

    private static Image image(String diskFormat) {
        return new Image("i1", "test", Image.ACTIVE, diskFormat, "bare", 1L, null, 0, 0, null, null, null, "private",
                false, Map.of());
    }
}
