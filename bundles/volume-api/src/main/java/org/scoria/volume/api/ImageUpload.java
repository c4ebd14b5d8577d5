package org.scoria.volume.api;

import org.scoria.persistence.Volume;

/**
 * An upload under way: the volume, now {@code uploading}, and the image Glance registered for it.
 *
 * @since 4.1
 */
public record ImageUpload(Volume volume, String imageId, String imageName, String diskFormat, String containerFormat,
        String visibility, boolean isProtected) {
}
