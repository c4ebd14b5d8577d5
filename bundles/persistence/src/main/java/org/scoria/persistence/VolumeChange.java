package org.scoria.persistence;

/**
 * Fields written together with a status transition; {@code null} leaves a field as it is.
 *
 * @since 1.0
 */
public record VolumeChange(String statusReason, String providerLocation) {

    public static final VolumeChange NONE = new VolumeChange(null, null);

    public static VolumeChange reason(String statusReason) {
        return new VolumeChange(statusReason, null);
    }

    public static VolumeChange providerLocation(String providerLocation) {
        return new VolumeChange(null, providerLocation);
    }
}
