package org.scoria.volume.manager.internal;

import org.scoria.persistence.UserMessageStore;

/**
 * What moves images between Glance and a backend's volumes: downloads into new volumes, uploads of
 * volumes, and the user messages that tell owners why one failed.
 */
record ImageTransfers(ImageStaging downloads, ImageUploads uploads, UserMessageStore messages) {
}
