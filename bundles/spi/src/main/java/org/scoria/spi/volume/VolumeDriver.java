package org.scoria.spi.volume;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A storage backend's driver, registered as an OSGi service, one service per backend.
 * <p>
 * Every method may be called concurrently for different volumes, and again for the same
 * volume after a crash or a redelivered request: implementations must be idempotent
 * (creating a volume that already exists with the requested size succeeds, deleting one
 * that is already gone succeeds). Calls are made from the volume manager's worker threads
 * with a timeout; a driver must not block forever.
 *
 * @since 1.0
 */
@ConsumerType
public interface VolumeDriver {

    /** Service property (String, required): the backend's name, unique on a host. Cinder's {@code volume_backend_name}. */
    String BACKEND_NAME = "scoria.backend.name";

    /** Service property (String, optional, default {@code nova}): the availability zone the backend serves. */
    String AVAILABILITY_ZONE = "scoria.backend.availability.zone";

    /** Service property (String, required): the driver's name as operators see it, e.g. {@code nfs}. */
    String DRIVER_NAME = "scoria.driver.name";

    /**
     * Creates an empty volume of {@code volume.sizeGb()} GiB.
     *
     * @return the provider location to record for the volume (where the driver put it), or
     *         {@code null} when the driver derives it from the volume id
     * @throws DriverException when the volume cannot be created; the volume goes to {@code error}
     */
    String createVolume(VolumeSpec volume) throws DriverException;

    /**
     * Deletes a volume and its data. Deleting a volume the backend does not have succeeds.
     *
     * @throws DriverException when the volume exists and cannot be deleted
     */
    void deleteVolume(VolumeSpec volume) throws DriverException;

    /**
     * Reports the backend's current capacity and capabilities. Called periodically and after
     * changes; should be cheap.
     *
     * @throws DriverException when the backend cannot be reached; it is then reported down
     */
    BackendStats getStats() throws DriverException;
}
