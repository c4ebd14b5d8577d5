package org.scoria.persistence;

/**
 * Fields written together with a status transition; {@code null} leaves a field as it is.
 *
 * @param sizeGb the new size, for a finished extend
 * @since 1.0
 */
public record VolumeChange(String statusReason, String providerLocation, Integer sizeGb) {

    public static final VolumeChange NONE = new VolumeChange(null, null, null);

    public static VolumeChange reason(String statusReason) {
        return new VolumeChange(statusReason, null, null);
    }

    public static VolumeChange providerLocation(String providerLocation) {
        return new VolumeChange(null, providerLocation, null);
    }

    /** @since 2.0 */
    public static VolumeChange size(int sizeGb) {
        return new VolumeChange(null, null, sizeGb);
    }
}
