package org.scoria.spi.connector;

import org.osgi.annotation.versioning.ConsumerType;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;

/**
 * Opens a volume's data from the connection info its driver answered.
 *
 * @since 1.0
 */
@ConsumerType
public interface VolumeConnector {

    /** Service property (String, required): the {@link ConnectionInfo#driverVolumeType()} this connector reads. */
    String PROTOCOL = "scoria.connector.protocol";

    /**
     * Connects to the volume.
     *
     * @param sizeBytes the volume's size as Scoria records it
     * @param writable  whether the device will be written (a restore) rather than only read
     * @throws DriverException when the volume cannot be reached; the message says why
     */
    BlockDevice connect(ConnectionInfo info, long sizeBytes, boolean writable) throws DriverException;
}
