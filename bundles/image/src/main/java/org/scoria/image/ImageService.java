package org.scoria.image;

import java.nio.file.Path;
import java.util.List;
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
     * @param callerToken the caller's Keystone token; {@code null} for Scoria's own rights (its service
     *                    user's token, e.g. for an operator at the shell), or where Scoria runs without Keystone
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

    /**
     * The images named {@code name} that the caller may see (Glance's {@code name} filter), at
     * most two: enough to tell a single match from several.
     *
     * @param callerToken as for {@link #find}
     * @throws ImageServiceException when the image service cannot answer
     * @since 1.1
     */
    List<Image> findByName(String name, String callerToken) throws ImageServiceException;

    /**
     * Registers a new image, {@code queued} until its data is uploaded, owned by the caller's project.
     *
     * @param callerToken as for {@link #find}
     * @throws ImageServiceException when Glance refuses it (the message says why) or cannot answer
     * @since 1.1
     */
    Image create(NewImage image, String callerToken) throws ImageServiceException;

    /**
     * Uploads a queued image's data from a file; Glance makes the image {@code active} and
     * computes its checksums.
     *
     * @param callerToken as for {@link #find}
     * @throws ImageServiceException when Glance refuses the data or cannot take it
     * @since 1.1
     */
    void upload(String imageId, Path data, String callerToken) throws ImageServiceException;

    /**
     * Deletes an image; one that is already gone is not an error.
     *
     * @param callerToken as for {@link #find}
     * @throws ImageServiceException when Glance refuses or cannot answer
     * @since 1.1
     */
    void delete(String imageId, String callerToken) throws ImageServiceException;
}
