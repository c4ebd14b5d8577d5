package org.scoria.volume.manager.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.scoria.image.Image;
import org.scoria.image.ImageService;
import org.scoria.image.ImageServiceException;
import org.scoria.messaging.command.CopyVolumeToImage;
import org.scoria.persistence.UserMessageStore;
import org.scoria.persistence.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A volume's data on its way to Glance (Cinder's upload to image): the driver writes it into a
 * file of the staging directory in the image's format, which is then uploaded into the image
 * registered for it. A failed upload deletes that image and tells its owner, as Cinder does.
 */
final class ImageUploads {

    /** Glance's disk formats as qemu-img names them. */
    private static final Map<String, String> QEMU_FORMATS = Map.of("raw", "raw", "qcow2", "qcow2", "vmdk", "vmdk",
            "vdi", "vdi", "vhd", "vpc", "vhdx", "vhdx", "ploop", "parallels");

    private static final Logger LOG = LoggerFactory.getLogger(ImageUploads.class);

    /** The file a volume's data is staged in for its image; removed by {@link #close()}. */
    record Upload(Path file, String qemuFormat) implements AutoCloseable {
        @Override
        public void close() {
            ImageStaging.delete(file);
        }
    }

    private final ImageService images;
    private final UserMessageStore messages;
    private final Path directory;

    ImageUploads(ImageService images, UserMessageStore messages, Path directory) {
        this.images = images;
        this.messages = messages;
        this.directory = directory;
    }

    /**
     * Where the driver writes the volume's data for the image; empty when the image has its data
     * already (an upload redelivered after a crash that followed it).
     */
    Optional<Upload> begin(Volume volume, CopyVolumeToImage command) throws ImageStaging.ImageFailure {
        String imageId = command.image().imageId();
        Image image;
        try {
            image = images.find(imageId, command.image().authToken()).orElseThrow(
                    () -> new ImageStaging.ImageFailure("Image " + imageId + " could not be found."));
        } catch (ImageServiceException e) {
            throw new ImageStaging.ImageFailure("Failed to upload volume to image: " + e.getMessage());
        }
        if (image.active()) {
            return Optional.empty();
        }
        if (!"queued".equals(image.status())) {
            throw new ImageStaging.ImageFailure("Image " + imageId + " is " + image.status() + ": it cannot take data");
        }
        String format = QEMU_FORMATS.get(command.diskFormat());
        if (format == null) {
            throw new ImageStaging.ImageFailure("Scoria cannot write disk format " + command.diskFormat());
        }
        // Named by the volume: a redelivered upload replaces what a crash left.
        Path file = directory.resolve("volume-" + volume.id() + "-for-image.staged");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ImageStaging.ImageFailure("Scoria cannot stage volume " + volume.id() + " in " + directory + ": "
                    + e.getMessage());
        }
        return Optional.of(new Upload(file, format));
    }

    /** Uploads the staged data into the image. */
    void send(Upload upload, CopyVolumeToImage command) throws ImageStaging.ImageFailure {
        try {
            images.upload(command.image().imageId(), upload.file(), command.image().authToken());
        } catch (ImageServiceException e) {
            throw new ImageStaging.ImageFailure("Failed to upload volume to image: " + e.getMessage());
        }
    }

    /** A failed upload: its image goes (Glance keeps no empty image), its owner gets Cinder's message. */
    void abandon(Volume volume, CopyVolumeToImage command) {
        String imageId = command.image().imageId();
        try {
            images.delete(imageId, command.image().authToken());
        } catch (ImageServiceException e) {
            LOG.warn("[{}] Image {} of a failed upload could not be deleted: {}", command.requestId(), imageId,
                    e.getMessage());
        }
        MessageField.COPY_VOLUME_TO_IMAGE.tell(messages, volume, command.requestId(), MessageField.FAILED_TO_UPLOAD_VOLUME);
    }
}
