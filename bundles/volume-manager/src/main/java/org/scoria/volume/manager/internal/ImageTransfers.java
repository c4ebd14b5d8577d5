package org.scoria.volume.manager.internal;

/** What moves images between Glance and a backend's volumes: downloads into new volumes, uploads of volumes. */
record ImageTransfers(ImageStaging downloads, ImageUploads uploads) {
}
