package org.scoria.volume.manager.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** An image that cannot be written into the volume; the message is the volume's status reason. */
    static final class ImageFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ImageFailure(String message) {
            super(message);
        }
    }

    /**
     * A staged image, removed by {@link #close()}.
     *
     * @param metadata what the volume records of the image once written (Cinder's volume_glance_metadata)
     */
    record Staged(Path file, String format, Map<String, String> metadata) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Staged image {} could not be removed: {}", file, e.getMessage());
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImageStaging.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIB = 1L << 30;

    private final ImageService images;
    private final Path directory;
    private final String qemuImg;
    private final long qemuTimeoutSeconds;

    ImageStaging(ImageService images, Path directory, String qemuImg, long qemuTimeoutSeconds) {
        this.images = images;
        this.directory = directory;
        this.qemuImg = qemuImg;
        this.qemuTimeoutSeconds = qemuTimeoutSeconds;
    }

    /** Downloads and inspects the image for {@code volume}. */
    Staged stage(Volume volume, ImageSource source, String requestId) throws ImageFailure {
        Path file;
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "image-" + source.imageId() + "-", ".staged");
        } catch (IOException e) {
            throw new ImageFailure("Scoria cannot stage image " + source.imageId() + " in " + directory + ": "
                    + e.getMessage());
        }
        try {
            Image image = download(source, file, requestId);
            String format = inspect(image, file, volume.sizeGb());
            return new Staged(file, format, recorded(image));
        } catch (ImageFailure | RuntimeException e) {
            new Staged(file, null, Map.of()).close();
            throw e;
        }
    }

    private Image download(ImageSource source, Path file, String requestId) throws ImageFailure {
        long began = System.nanoTime();
        try (ImageData data = images.open(source.imageId(), source.authToken());
                InputStream stream = data.stream()) {
            long bytes = Files.copy(stream, file, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("[{}] Image {} downloaded: {} MiB in {} ms", requestId, source.imageId(), bytes >> 20,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            return data.image();
        } catch (ImageServiceException | IOException e) {
            throw new ImageFailure("Failed to copy image to volume: " + e.getMessage());
        }
    }

    /** The format the data really is in, once it is known to be the one declared and to fit. */
    private String inspect(Image image, Path file, int volumeGb) throws ImageFailure {
        JsonNode info = info(file);
        String actual = info.path("format").asText();
        String declared = image.diskFormat();
        if (declared != null && !declared.equals(actual) && !(declared.equals("iso") && actual.equals("raw"))) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: The image format was claimed to be '"
                    + declared + "' but the image data appears to be in a different format.");
        }
        if (info.hasNonNull("backing-filename") || info.path("format-specific").path("data").hasNonNull("data-file")) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: fmt=" + actual + " has a backing file"
                    + " or an external data file.");
        }
        long virtualGb = (info.path("virtual-size").asLong() + GIB - 1) / GIB;
        if (virtualGb > volumeGb) {
            throw new ImageFailure("Image " + image.id() + " is unacceptable: Image virtual size is " + virtualGb
                    + "GB and doesn't fit in a volume of size " + volumeGb + "GB.");
        }
        return actual;
    }

    private JsonNode info(Path file) throws ImageFailure {
        try {
            Process process = new ProcessBuilder(qemuImg, "info", "--output=json", file.toString())
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(qemuTimeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ImageFailure("qemu-img info did not answer within " + qemuTimeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new ImageFailure("Failed to copy image to volume: qemu-img info: "
                        + new String(output, StandardCharsets.UTF_8).trim());
            }
            return JSON.readTree(output);
        } catch (IOException e) {
            throw new ImageFailure("Failed to copy image to volume: qemu-img cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageFailure("interrupted while inspecting the image");
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
        return recorded;
    }
}
