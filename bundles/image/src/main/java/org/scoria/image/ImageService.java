package org.scoria.image;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The image service (Glance v2).
 *
 * @since 1.0
 */
@ProviderType
public interface ImageService {

    /**
     * The image, as the caller may see it: Glance applies the caller's rights, so another
     * project's private image is not found.
     *
     * @param callerToken the caller's Keystone token, or {@code null} where Scoria runs without Keystone
     * @return empty when there is no such image for the caller
     * @throws ImageServiceException when the image service cannot answer
     */
    Optional<Image> find(String imageId, String callerToken) throws ImageServiceException;

    /**
     * Opens the image's data with the caller's rights, as Cinder reads it. Scoria's own service
     * token goes along, so that a Glance that accepts service tokens still reads for a caller
     * whose token expired while the request waited.
     *
     * @param callerToken as for {@link #find}
     * @throws ImageServiceException when the image is gone, has no data, or the service cannot answer
     */
    ImageData open(String imageId, String callerToken) throws ImageServiceException;
}
