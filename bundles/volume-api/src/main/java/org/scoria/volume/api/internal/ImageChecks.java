package org.scoria.volume.api.internal;

import java.util.Optional;

import org.scoria.image.Image;
import org.scoria.image.ImageService;
import org.scoria.image.ImageServiceException;
import org.scoria.messaging.command.ImageSource;
import org.scoria.volume.api.InvalidImageException;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceUnavailableException;

/**
 * Cinder's checks of the image a create names, made with the caller's rights before anything is
 * written: it exists for the caller, is active, and fits the volume (its data, its minimum disk
 * and, when Glance knows it, its virtual size).
 */
final class ImageChecks {

    private static final long GIB = 1L << 30;

    private final ImageService images;

    ImageChecks(ImageService images) {
        this.images = images;
    }

    /** The image to write into a new volume of {@code sizeGb}, with the caller's token to read it. */
    ImageSource check(RequestContext context, String imageRef, int sizeGb) {
        // Cinder takes the last segment of a URL: the image's id.
        String imageId = imageRef.substring(imageRef.lastIndexOf('/') + 1);
        Optional<Image> found;
        try {
            found = imageId.isEmpty() ? Optional.empty() : images.find(imageId, context.authToken());
        } catch (ImageServiceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
        Image image = found.orElseThrow(() -> new InvalidImageException(
                "Invalid image identifier or unable to access requested image."));
        if (!image.active()) {
            throw new InvalidInputException("Image " + imageId + " is not active.");
        }
        if (image.sizeBytes() != null && gib(image.sizeBytes()) > sizeGb) {
            throw new InvalidInputException("Size of specified image " + gib(image.sizeBytes())
                    + "GB is larger than volume size " + sizeGb + "GB.");
        }
        if (sizeGb < image.minDiskGb()) {
            throw new InvalidInputException("Volume size " + sizeGb + "GB cannot be smaller than the image minDisk size "
                    + image.minDiskGb() + "GB.");
        }
        if (image.virtualSizeBytes() != null && gib(image.virtualSizeBytes()) > sizeGb) {
            throw new InvalidImageException("Image " + imageId + " is unacceptable: Image virtual size is "
                    + gib(image.virtualSizeBytes()) + "GB and doesn't fit in a volume of size " + sizeGb + "GB.");
        }
        return new ImageSource(imageId, context.authToken());
    }

    /** Bytes as whole GiB, rounded up as Cinder rounds them. */
    static long gib(long bytes) {
        return (bytes + GIB - 1) / GIB;
    }
}
