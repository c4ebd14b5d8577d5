package org.scoria.volume.api;

/**
 * A request to upload a volume to a new Glance image ({@code os-volume_upload_image}), its
 * fields checked against Cinder's schema by the REST layer.
 *
 * @param diskFormat      Glance's disk format the data is written in ({@code raw}, {@code qcow2}, …)
 * @param containerFormat Glance's container format ({@code bare} by default)
 * @param visibility      {@code private}, {@code shared}, {@code community} or {@code public}
 * @param force           Cinder's {@code force}: ignored, as Cinder ignores it unless its operator enabled it
 * @since 4.1
 */
public record ImageUploadRequest(String imageName, String diskFormat, String containerFormat, String visibility,
        boolean isProtected, boolean force) {
}
