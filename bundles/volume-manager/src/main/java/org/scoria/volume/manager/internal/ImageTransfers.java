package org.scoria.volume.manager.internal;

import org.scoria.persistence.UserMessageStore;

/**
 * What moves images between Glance and a backend's volumes: downloads into new volumes, uploads of
 * volumes, the user messages that tell owners why one failed, and the image-volume caches that spare
 * downloads.
 */
record ImageTransfers(ImageStaging downloads, ImageUploads uploads, UserMessageStore messages, ImageVolumeCache cache) {
}
