package org.scoria.volume.api.internal;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import org.scoria.image.Image;
import org.scoria.image.ImageService;
import org.scoria.image.ImageServiceException;
import org.scoria.image.NewImage;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.command.CopyVolumeToImage;
import org.scoria.messaging.command.ImageSource;
import org.scoria.messaging.command.ReimageVolume;
import org.scoria.persistence.AttachmentStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.volume.api.ConflictException;
import org.scoria.volume.api.ImageUpload;
import org.scoria.volume.api.ImageUploadRequest;
import org.scoria.volume.api.InvalidImageException;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A volume's ties to images on the API side: the image metadata it records (Cinder's
 * {@code volume_glance_metadata}), its upload to a new image, and its reimage.
 */
final class VolumeImages {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeImages.class);

    /** The statuses in which Cinder refuses changes to a volume's image metadata. */
    private static final Set<VolumeStatus> METADATA_FROZEN = EnumSet.of(VolumeStatus.MAINTENANCE, VolumeStatus.UPLOADING);
    /**
     * What a volume records of its image that an upload does not pass on as properties of the new
     * image (Cinder's default {@code glance_core_properties}): the new image has its own.
     */
    private static final Set<String> CORE_PROPERTIES = Set.of("checksum", "container_format", "disk_format",
            "image_name", "image_id", "min_disk", "min_ram", "name", "size");
    /** Property prefixes Glance keeps for itself or for signatures (Cinder's reserved namespaces). */
    private static final List<String> RESERVED_PREFIXES = List.of("os_glance", "img_signature", "signature_verified");
    private static final int MAX_VALUE_LENGTH = 16_384;

    private final VolumeStore store;
    private final AttachmentStore attachments;
    private final ImageService images;
    private final ImageChecks imageChecks;
    private final CommandSender sender;
    private final BiFunction<RequestContext, String, Volume> volumes;
    private final boolean enableForceUpload;

    /** @param volumes the caller's volume by id, or not found */
    /**
     * @param enableForceUpload Cinder's {@code enable_force_upload}: whether an upload's {@code force}
     *                          lets an in-use volume be uploaded (from a temporary copy of it)
     */
    VolumeImages(VolumeStore store, AttachmentStore attachments, ImageService images, ImageChecks imageChecks,
            CommandSender sender, BiFunction<RequestContext, String, Volume> volumes, boolean enableForceUpload) {
        this.enableForceUpload = enableForceUpload;
        this.store = store;
        this.attachments = attachments;
        this.images = images;
        this.imageChecks = imageChecks;
        this.sender = sender;
        this.volumes = volumes;
    }

    Map<String, String> metadata(RequestContext context, String volumeId) {
        Map<String, String> metadata = volumes.apply(context, volumeId).imageMetadata();
        if (metadata.isEmpty()) {
            throw metadataNotFound(volumeId);
        }
        return metadata;
    }

    Map<String, String> setMetadata(RequestContext context, String volumeId, Map<String, String> pairs) {
        pairs.forEach((key, value) -> {
            // Cinder keeps image metadata values as text; Scoria's column holds this much.
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidInputException("Image metadata value of " + key + " is longer than "
                        + MAX_VALUE_LENGTH + " characters.");
            }
        });
        while (true) {
            frozenCheck(volumes.apply(context, volumeId), "Updating");
            Optional<Map<String, String>> written = store.writeImageMetadata(volumeId, pairs, METADATA_FROZEN);
            if (written.isPresent()) {
                return written.get();
            }
            // Refused: the volume went, or into a frozen status, since it was read; the next read says which.
        }
    }

    void unsetMetadata(RequestContext context, String volumeId, String key) {
        Volume volume = volumes.apply(context, volumeId);
        if (!volume.imageMetadata().containsKey(key)) {
            throw metadataNotFound(volumeId);
        }
        frozenCheck(volume, "Deleting");
        if (!store.deleteImageMetadata(volumeId, key, METADATA_FROZEN)) {
            // Another request changed the volume meanwhile: say what it is now.
            frozenCheck(volumes.apply(context, volumeId), "Deleting");
            throw metadataNotFound(volumeId);
        }
    }

    /**
     * Registers the image first, so that the command that fills it is journaled with the status
     * move: a crash leaves at worst an empty queued image, never a volume stuck in uploading.
     */
    ImageUpload upload(RequestContext context, String volumeId, ImageUploadRequest request) {
        Volume volume = volumes.apply(context, volumeId);
        boolean forced = request.force() && enableForceUpload;
        if (request.force() && !forced) {
            LOG.info("[{}] Force upload to image is disabled (enable.force.upload in etc/org.scoria.volume.api.cfg):"
                    + " force is ignored for volume {}", context.requestId(), volumeId);
        }
        Set<VolumeStatus> allowed = forced ? EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE)
                : EnumSet.of(VolumeStatus.AVAILABLE);
        VolumeStatus before = volume.status();
        if (!allowed.contains(before)) {
            throw notUploadable(volumeId, forced);
        }
        Image image = createImage(context, volume, request);
        CopyVolumeToImage copy = new CopyVolumeToImage(volumeId, context.requestId(),
                new ImageSource(image.id(), context.authToken()), image.diskFormat(), before.wireName());
        sender.writeAndSend(context, Destinations.volumeManager(volume.backendHost()), copy, "volume " + volumeId,
                () -> {
                    if (!store.transition(volumeId, before, VolumeStatus.UPLOADING, VolumeChange.NONE)) {
                        forget(context, image.id());
                        throw notUploadable(volumeId, forced);
                    }
                    return volumeId;
                }, () -> {
                    store.transition(volumeId, VolumeStatus.UPLOADING, before,
                            VolumeChange.reason(CommandSender.notQueued(copy)));
                    forget(context, image.id());
                });
        LOG.info("[{}] Volume {} uploading to image {} ({}, {}) on {}", context.requestId(), volumeId, image.id(),
                image.diskFormat(), image.containerFormat(), volume.backendHost());
        return new ImageUpload(volumes.apply(context, volumeId), image.id(), image.name(), image.diskFormat(),
                image.containerFormat(), image.visibility(), image.isProtected());
    }

    /**
     * Cinder's reimage: the image is checked before anything changes, then the move to
     * {@code downloading} is journaled with the command that carries the status to return to.
     */
    void reimage(RequestContext context, String volumeId, String imageId, boolean reimageReserved) {
        Volume volume = volumes.apply(context, volumeId);
        if (attachments.ofVolume(volumeId).size() > 1) {
            throw new ConflictException("Cannot re-image a volume which is attached to more than one server.");
        }
        Set<VolumeStatus> allowed = reimageReserved
                ? EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR, VolumeStatus.RESERVED)
                : EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR);
        if (!allowed.contains(volume.status())) {
            throw notReimageable(volume, reimageReserved);
        }
        ImageSource image = imageChecks.checkForReimage(context, imageId, volume.sizeGb());
        VolumeStatus before = volume.status();
        ReimageVolume reimage = new ReimageVolume(volumeId, context.requestId(), image, before.wireName());
        sender.writeAndSend(context, Destinations.volumeManager(volume.backendHost()), reimage, "volume " + volumeId,
                () -> {
                    if (!store.transition(volumeId, before, VolumeStatus.DOWNLOADING, VolumeChange.NONE)) {
                        throw notReimageable(volumes.apply(context, volumeId), reimageReserved);
                    }
                    return volumeId;
                }, () -> store.transition(volumeId, VolumeStatus.DOWNLOADING, before,
                        VolumeChange.reason(CommandSender.notQueued(reimage))));
        if (before == VolumeStatus.RESERVED) {
            LOG.warn("[{}] Volume {} is reimaged for its reservation; Scoria does not tell Nova when it is done"
                    + " (Cinder's volume-reimaged event)", context.requestId(), volumeId);
        }
        LOG.info("[{}] Volume {} reimaging with image {} on {}", context.requestId(), volumeId, imageId,
                volume.backendHost());
    }

    private static InvalidVolumeStateException notReimageable(Volume volume, boolean reimageReserved) {
        return new InvalidVolumeStateException("Volume " + volume.id() + " status must be "
                + (reimageReserved ? "available or error or reserved" : "available or error")
                + ", but current status is " + volume.status().wireName() + ".");
    }

    private Image createImage(RequestContext context, Volume volume, ImageUploadRequest request) {
        try {
            return images.create(new NewImage(request.imageName(), request.diskFormat(), request.containerFormat(),
                    request.visibility(), request.isProtected(), passedOn(volume.imageMetadata())), context.authToken());
        } catch (ImageServiceException e) {
            // Cinder answers any failure to register the image with 400 and what the failure says.
            throw new InvalidImageException(e.getMessage());
        }
    }

    /** What the volume records of its own image that the new image carries as properties, as Cinder passes it on. */
    private static Map<String, String> passedOn(Map<String, String> imageMetadata) {
        Map<String, String> properties = new HashMap<>();
        imageMetadata.forEach((key, value) -> {
            if (!CORE_PROPERTIES.contains(key) && RESERVED_PREFIXES.stream().noneMatch(key::startsWith)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    /** Deletes an image registered for an upload that will not happen; one Glance keeps is only logged. */
    private void forget(RequestContext context, String imageId) {
        try {
            images.delete(imageId, context.authToken());
        } catch (ImageServiceException e) {
            LOG.warn("[{}] Image {} was registered for an upload that did not start and could not be deleted: {}",
                    context.requestId(), imageId, e.getMessage());
        }
    }

    private static void frozenCheck(Volume volume, String change) {
        if (METADATA_FROZEN.contains(volume.status())) {
            throw new InvalidVolumeStateException(change + " volume metadata is not allowed for volumes in "
                    + volume.status().wireName() + " status.");
        }
    }

    /** Cinder's words: with force allowed, an in-use volume may be uploaded too. */
    private static InvalidVolumeStateException notUploadable(String volumeId, boolean forced) {
        return new InvalidVolumeStateException("Volume " + volumeId + " status must be available"
                + (forced ? " or in-use" : ""));
    }

    private static ResourceNotFoundException metadataNotFound(String volumeId) {
        return new ResourceNotFoundException("Glance metadata for volume/snapshot " + volumeId + " cannot be found.");
    }
}
