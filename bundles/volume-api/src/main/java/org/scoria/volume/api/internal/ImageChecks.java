package org.scoria.volume.api.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.scoria.image.Image;
import org.scoria.image.ImageService;
import org.scoria.image.ImageServiceException;
import org.scoria.messaging.command.ImageSource;
import org.scoria.volume.api.ConflictException;
import org.scoria.volume.api.InvalidImageException;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceUnavailableException;

/**
 * Cinder's checks of the image a create or a reimage names, made with the caller's rights before
 * anything is written: it exists for the caller, is active, and fits the volume (its data, its
 * minimum disk and, when Glance knows it, its virtual size).
 */
final class ImageChecks {

    private static final long GIB = 1L << 30;
    /** oslo's is_uuid_like: 32 hex digits, hyphens anywhere. */
    private static final Pattern UUID_LIKE = Pattern.compile("(?i)^(-*[0-9a-f]){32}-*$");
    /** The image property naming the type of the volumes made from it, by name or id. */
    static final String VOLUME_TYPE_PROPERTY = "cinder_img_volume_type";

    private final ImageService images;

    ImageChecks(ImageService images) {
        this.images = images;
    }

    /**
     * An image checked for a new volume.
     *
     * @param source     how the volume manager reads it: its id, with the caller's token
     * @param volumeType the volume type its property {@code cinder_img_volume_type} names, which
     *                   Cinder gives a volume created from it without a type; {@code null} if none
     */
    record CheckedImage(ImageSource source, String volumeType) {
    }

    /**
     * The image to write into a new volume of {@code sizeGb}, with the caller's token to read it.
     * As Cinder: an id (or a URL ending in one), else the name of a single image the caller sees.
     */
    CheckedImage check(RequestContext context, String imageRef, int sizeGb) {
        String imageId = imageRef.substring(imageRef.lastIndexOf('/') + 1);
        Optional<Image> found = UUID_LIKE.matcher(imageId).matches() ? find(context, imageId) : Optional.empty();
        if (found.isEmpty()) {
            List<Image> named = named(context, imageRef);
            if (named.size() > 1) {
                throw new ConflictException("Multiple matches found for '" + imageRef + "', use an ID to be more specific.");
            }
            found = named.stream().findFirst();
        }
        Image image = found.orElseThrow(() -> new InvalidImageException(
                "Invalid image identifier or unable to access requested image."));
        String volumeType = image.properties().get(VOLUME_TYPE_PROPERTY);
        return new CheckedImage(fits(context, image, sizeGb), volumeType == null || volumeType.isBlank() ? null
                : volumeType);
    }

    private List<Image> named(RequestContext context, String name) {
        try {
            return images.findByName(name, context.authToken());
        } catch (ImageServiceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }

    /** The image to write over a volume of {@code sizeGb} (a reimage): a missing image is 404 there. */
    ImageSource checkForReimage(RequestContext context, String imageId, int sizeGb) {
        Image image = find(context, imageId).orElseThrow(() -> new ResourceNotFoundException(
                "Image " + imageId + " could not be found."));
        return fits(context, image, sizeGb);
    }

    private Optional<Image> find(RequestContext context, String imageId) {
        try {
            return imageId.isEmpty() ? Optional.empty() : images.find(imageId, context.authToken());
        } catch (ImageServiceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }

    /** Cinder's check_image_metadata: active, and its data, minimum disk and virtual size within the volume. */
    private static ImageSource fits(RequestContext context, Image image, int sizeGb) {
        String imageId = image.id();
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
