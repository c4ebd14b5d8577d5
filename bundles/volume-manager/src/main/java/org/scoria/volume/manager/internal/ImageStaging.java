package org.scoria.volume.manager.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.scoria.image.Image;
import org.scoria.image.ImageData;
import org.scoria.image.ImageService;
import org.scoria.image.ImageServiceException;
import org.scoria.messaging.command.ImageSource;
import org.scoria.persistence.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image brought next to the volume it is written into (Cinder's image fetch and checks): its
 * data downloaded into the staging directory and checked against its hash, then inspected with
 * {@code qemu-img info}, as Cinder does, before any driver sees it: its data must be in the
 * format Glance declares, have no backing file, and hold a disk that fits the volume.
 */
final class ImageStaging {

    /**
     * An image that cannot be written into the volume; the message is the volume's status reason,
     * the detail what its owner's user message says.
     */
    static final class ImageFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient MessageField detail;

        ImageFailure(String message) {
            this(message, MessageField.UNKNOWN_ERROR);
        }

        ImageFailure(String message, MessageField detail) {
            super(message);
            this.detail = detail;
        }

        MessageField detail() {
            return detail;
        }
    }

    /**
     * A staged image, removed by {@link #close()}.
     *
     * @param format    what its data is, as qemu-img names formats
     * @param virtualGb its disk's size, rounded up to GiB
     * @param metadata  what the volume records of the image once written (Cinder's volume_glance_metadata)
     */
    record Staged(Path file, String format, int virtualGb, Map<String, String> metadata) implements AutoCloseable {
        @Override
        public void close() {
            delete(file);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImageStaging.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIB = 1L << 30;
    /** The formats whose data Scoria writes onto volumes: qemu-img's names, and Glance's for each. */
    private static final Map<String, String> QEMU_FORMATS = Map.of("raw", "raw", "qcow2", "qcow2", "vmdk", "vmdk",
            "vdi", "vdi", "vpc", "vhd", "vhdx", "vhdx");
    /** The VMDK kinds that keep their data in the one file (Cinder's allowed create-types). */
    private static final List<String> VMDK_SELF_CONTAINED = List.of("monolithicSparse", "streamOptimized");
    /** Cinder's limits for qemu-img info: 1 GiB of address space, 30 s of CPU. */
    private static final long INFO_ADDRESS_SPACE_BYTES = GIB;
    private static final int INFO_CPU_SECONDS = 30;
    /** Longer property values than the volume_image_metadata column holds are not recorded. */
    private static final int MAX_RECORDED_LENGTH = 16_384;

    private final ImageService images;
    private final Path directory;
    private final String qemuImg;
    private final long qemuTimeoutSeconds;
    private final StallWatch stallWatch;

    ImageStaging(ImageService images, Path directory, String qemuImg, long qemuTimeoutSeconds, StallWatch stallWatch) {
        this.images = images;
        this.directory = directory;
        this.qemuImg = qemuImg;
        this.qemuTimeoutSeconds = qemuTimeoutSeconds;
        this.stallWatch = stallWatch;
    }

    /**
     * Downloads and inspects the image for {@code volume}. The staged file is named by the volume,
     * so that a create redelivered after a crash replaces what the crash left.
     *
     * @throws IllegalStateException when interrupted (the node stops): the create goes back to the broker
     */
    Staged stage(Volume volume, ImageSource source, String requestId) throws ImageFailure {
        Path file = directory.resolve("image-for-volume-" + volume.id() + ".staged");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ImageFailure("Scoria cannot stage image " + source.imageId() + " in " + directory + ": "
                    + e.getMessage());
        }
        try {
            Image image = download(source, file, requestId);
            Inspected inspected = inspect(image, file, volume.sizeGb());
            return new Staged(file, inspected.format(), inspected.virtualGb(), recorded(image));
        } catch (ImageFailure | RuntimeException e) {
            delete(file);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while staging image " + source.imageId() + " for volume "
                        + volume.id() + "; the create goes back to the broker", e);
            }
            throw e;
        }
    }

    /**
     * The image as Glance shows it to the caller, for a driver that may make the volume from it
     * without a download; empty when Glance does not answer (the download that follows says why).
     */
    Optional<Image> describe(ImageSource source, String requestId) {
        try {
            return images.find(source.imageId(), source.authToken());
        } catch (ImageServiceException e) {
            LOG.warn("[{}] Image {} cannot be described, so it will be downloaded: {}", requestId, source.imageId(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Image download(ImageSource source, Path file, String requestId) throws ImageFailure {
        long began = System.nanoTime();
        try (ImageData data = images.open(source.imageId(), source.authToken());
                StallWatch.Watch watch = stallWatch.watch("The download of image " + source.imageId(), data.stream());
                InputStream stream = data.stream()) {
            // Cinder's check before it downloads: the staging directory must hold the image.
            long free = Files.getFileStore(directory).getUsableSpace();
            Long size = data.image().sizeBytes();
            if (size != null && size > free) {
                throw new ImageFailure("Image " + source.imageId() + " (" + (size >> 20) + " MiB) does not fit in the"
                        + " staging directory " + directory + " (" + (free >> 20) + " MiB free): see"
                        + " image.staging.directory in etc/org.scoria.volume.cfg", MessageField.NOT_ENOUGH_SPACE_FOR_IMAGE);
            }
            long bytes;
            try {
                bytes = copy(stream, file, watch);
            } catch (IOException e) {
                if (watch.stalled()) {
                    throw new ImageFailure("Failed to copy image to volume: Glance sent nothing of image "
                            + source.imageId() + " for " + stallWatch.limit().toSeconds() + " s: the download was given"
                            + " up (image.download.stall.timeout.seconds in etc/org.scoria.volume.cfg)");
                }
                throw e;
            }
            LOG.info("[{}] Image {} downloaded: {} MiB in {} ms", requestId, source.imageId(), bytes >> 20,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            return data.image();
        } catch (ImageServiceException | IOException e) {
            throw new ImageFailure("Failed to copy image to volume: " + e.getMessage());
        }
    }

    /** Copies the stream into a new file, telling the watch of each read. */
    private static long copy(InputStream stream, Path file, StallWatch.Watch watch) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int read = stream.read(buffer); read >= 0; read = stream.read(buffer)) {
                out.write(buffer, 0, read);
                copied += read;
                watch.progressed();
            }
        }
        return copied;
    }

    /**
     * The format the data really is in, once it is known to be one Scoria writes, the one
     * declared, self-contained (a backing file, an external data file or a VMDK extent elsewhere
     * would have qemu-img copy a file of this host into the volume), and to fit.
     */
    Inspected inspect(Image image, Path file, int volumeGb) throws ImageFailure {
        JsonNode info = info(file);
        String actual = info.path("format").asText();
        String declared = image.diskFormat();
        if (!QEMU_FORMATS.containsKey(actual)) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: its data is in format " + actual
                    + ", which Scoria does not write onto volumes (" + String.join(", ", QEMU_FORMATS.values()) + ").");
        }
        if (declared != null && !QEMU_FORMATS.get(actual).equals(declared)
                && !(declared.equals("iso") && actual.equals("raw"))) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: The image format was claimed to be '"
                    + declared + "' but the image data appears to be in a different format.");
        }
        JsonNode specific = info.path("format-specific").path("data");
        if (info.hasNonNull("backing-filename") || specific.hasNonNull("data-file")) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: fmt=" + actual + " has a backing file"
                    + " or an external data file.");
        }
        if (actual.equals("vmdk") && (!VMDK_SELF_CONTAINED.contains(specific.path("create-type").asText())
                || extentsElsewhere(specific, file))) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: VMDK create-type "
                    + specific.path("create-type").asText() + " is not allowed: only "
                    + String.join(", ", VMDK_SELF_CONTAINED) + " images that hold their own data.");
        }
        long virtualGb = (info.path("virtual-size").asLong() + GIB - 1) / GIB;
        if (virtualGb > volumeGb) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: Image virtual size is " + virtualGb
                    + "GB and doesn't fit in a volume of size " + volumeGb + "GB.");
        }
        return new Inspected(actual, (int) virtualGb);
    }

    /** What a staged image's data is, and its disk's size rounded up to GiB. */
    record Inspected(String format, int virtualGb) {
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Staged file {} could not be removed: {}", file, e.getMessage());
        }
    }

    private static boolean extentsElsewhere(JsonNode vmdk, Path file) {
        for (JsonNode extent : vmdk.path("extents")) {
            if (!Path.of(extent.path("filename").asText()).toAbsolutePath().equals(file.toAbsolutePath())) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code qemu-img info} of untrusted data, as Cinder runs it: under limits of address space
     * and CPU time (a crafted image cannot exhaust the host), and within the time limit; its
     * output goes to files, so that waiting stays bounded.
     */
    private JsonNode info(Path file) throws ImageFailure {
        Path output = file.resolveSibling(file.getFileName() + ".info");
        Path errors = file.resolveSibling(file.getFileName() + ".errors");
        Process process = null;
        try {
            process = new ProcessBuilder("prlimit", "--as=" + INFO_ADDRESS_SPACE_BYTES, "--cpu=" + INFO_CPU_SECONDS,
                    qemuImg, "info", "--output=json", file.toString())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(qemuTimeoutSeconds, TimeUnit.SECONDS)) {
                throw new ImageFailure("Failed to copy image to volume: qemu-img info took more than "
                        + qemuTimeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new ImageFailure("Failed to copy image to volume: qemu-img info: "
                        + Files.readString(errors, StandardCharsets.UTF_8).trim());
            }
            return JSON.readTree(output.toFile());
        } catch (IOException e) {
            throw new ImageFailure("Failed to copy image to volume: qemu-img cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageFailure("interrupted while inspecting the image");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            delete(output);
            delete(errors);
        }
    }

    /** Cinder's volume_glance_metadata: every property, the fields Glance gave of its own, id and name. */
    static Map<String, String> recorded(Image image) {
        Map<String, String> recorded = new LinkedHashMap<>(image.properties());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("checksum", image.checksum());
        fields.put("container_format", image.containerFormat());
        fields.put("disk_format", image.diskFormat());
        fields.put("min_disk", image.minDiskGb());
        fields.put("min_ram", image.minRamMb());
        fields.put("size", image.sizeBytes());
        fields.put("image_id", image.id());
        fields.put("image_name", image.name() == null || image.name().isEmpty() ? null : image.name());
        fields.forEach((field, value) -> {
            if (value != null) {
                recorded.put(field, String.valueOf(value));
            }
        });
        recorded.entrySet().removeIf(entry -> {
            boolean tooLong = entry.getValue().length() > MAX_RECORDED_LENGTH || entry.getKey().length() > 255;
            if (tooLong) {
                LOG.warn("Image {}: property {} is too long to record with the volume; left out", image.id(),
                        entry.getKey().length() > 255 ? entry.getKey().substring(0, 255) + "…" : entry.getKey());
            }
            return tooLong;
        });
        return recorded;
    }
}
