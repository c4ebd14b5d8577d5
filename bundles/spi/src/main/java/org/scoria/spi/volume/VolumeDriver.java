package org.scoria.spi.volume;

import java.nio.file.Path;
import java.util.Map;

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
     * Service property (String, optional): Cinder's {@code filter_function}, an expression over
     * {@code volume.*}, {@code stats.*}, {@code capabilities.*}, {@code extra.*} and {@code qos.*}
     * that must be true for the backend to take a volume. Usually the operator sets it in the
     * backend's configuration, which a driver's service properties carry.
     *
     * @since 1.2
     */
    String FILTER_FUNCTION = "scoria.backend.filter.function";

    /**
     * Service property (String, optional): Cinder's {@code goodness_function}, an expression
     * rating the backend for a volume from 0 to 100, over the same variables.
     *
     * @since 1.2
     */
    String GOODNESS_FUNCTION = "scoria.backend.goodness.function";

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

    /*
     * The operations below are optional: a driver that does not offer one keeps the default,
     * which fails the request with a reason naming the operation, and the volume or snapshot
     * goes to error rather than waiting.
     */

    /**
     * Grows a volume to {@code newSizeGb}, keeping its data. Extending a volume that already has
     * that size succeeds.
     *
     * @since 1.1
     */
    default void extendVolume(VolumeSpec volume, int newSizeGb) throws DriverException {
        throw new DriverException("this driver does not extend volumes");
    }

    /**
     * Takes a snapshot of {@code snapshot.volume()}, which is not attached or is quiesced by the caller.
     *
     * @return the provider location to record for the snapshot, or {@code null}
     * @since 1.1
     */
    default String createSnapshot(SnapshotSpec snapshot) throws DriverException {
        throw new DriverException("this driver does not take snapshots");
    }

    /**
     * Deletes a snapshot; the volume and its other snapshots keep their data. Deleting a
     * snapshot the backend does not have succeeds.
     *
     * @since 1.1
     */
    default void deleteSnapshot(SnapshotSpec snapshot) throws DriverException {
        throw new DriverException("this driver does not delete snapshots");
    }

    /**
     * Creates {@code volume} with the snapshot's data, grown to {@code volume.sizeGb()} when that
     * is larger than the snapshot.
     *
     * @return the provider location to record for the new volume, or {@code null}
     * @since 1.1
     */
    default String createVolumeFromSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        throw new DriverException("this driver does not create volumes from snapshots");
    }

    /**
     * Creates {@code volume} as a copy of {@code source}, grown to {@code volume.sizeGb()} when that
     * is larger.
     *
     * @return the provider location to record for the new volume, or {@code null}
     * @since 1.1
     */
    default String cloneVolume(VolumeSpec volume, VolumeSpec source) throws DriverException {
        throw new DriverException("this driver does not clone volumes");
    }

    /**
     * Makes {@code volume} from an image without copying its data, when this driver's storage
     * already holds the image (Cinder's {@code clone_image}): e.g. a copy-on-write clone of an
     * image in the same Ceph cluster. Scoria asks before it creates the volume; when the answer
     * is {@code false}, it creates the volume and writes the downloaded image onto it. The
     * volume then holds the image's data, grown to {@code volume.sizeGb()}. Called again after
     * a crash, it finishes what the first call began.
     *
     * @return whether the volume now exists with the image's data
     * @since 1.3
     */
    default boolean cloneImage(VolumeSpec volume, ImageSpec image) throws DriverException {
        return false;
    }

    /**
     * Creates {@code volume} from {@code cached}, a volume of the backend's image-volume cache:
     * Scoria's own volume, never a tenant's, holding one image; once written it is never written,
     * exported or attached again. A driver may make {@code volume} depend on it (a copy-on-write
     * clone, an overlay), as long as {@link #deleteVolume} of an evicted {@code cached} keeps what
     * its clones still need until the last of them is deleted. {@code volume} is new, at least as
     * large as {@code cached}, and must be grown to {@code volume.sizeGb()}. The default copies it
     * as {@link #cloneVolume} does.
     *
     * @return the provider location to record for the new volume, or {@code null}
     * @since 1.3
     */
    default String cloneCachedImage(VolumeSpec volume, VolumeSpec cached) throws DriverException {
        return cloneVolume(volume, cached);
    }

    /**
     * Writes a disk image onto a volume this driver has just created for it (Cinder's
     * {@code copy_image_to_volume}). Scoria downloaded the image and checked it: {@code format}
     * is what its data is ({@code raw}, {@code qcow2}, …), it has no backing file, and its disk
     * fits the volume. A driver converts it as it stores volumes, e.g. with {@code qemu-img
     * convert -n}; called again after a crash, it writes the whole image again.
     *
     * @since 1.3
     */
    default void copyImageToVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        throw new DriverException("this driver does not write images onto volumes");
    }

    /**
     * Writes a disk image over a volume that holds data (Cinder's reimage), checked as for
     * {@link #copyImageToVolume}. Every block the image holds is written, zeros included, so that
     * nothing the volume held shows through where the image is; the rest of the volume is left as
     * it is, as in Cinder. Called again after a crash, it writes the whole image again.
     *
     * @since 1.3
     */
    default void reimageVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        throw new DriverException("this driver does not write images over volumes");
    }

    /**
     * Writes the volume's data into a new file {@code image} in {@code format}, as qemu-img names
     * formats ({@code raw}, {@code qcow2}, {@code vmdk}, {@code vdi}, {@code vpc}, {@code vhdx}),
     * for Scoria to upload to Glance (Cinder's {@code copy_volume_to_image}). The volume is
     * {@code uploading}: nothing else writes it meanwhile. Called again after a crash, it writes
     * the whole file again.
     *
     * @since 1.3
     */
    default void copyVolumeToImage(VolumeSpec volume, Path image, String format) throws DriverException {
        throw new DriverException("this driver does not copy volumes into images");
    }

    /**
     * Puts the volume's data back to what the snapshot holds. Only called with the volume's
     * latest snapshot, as Cinder does.
     *
     * @since 1.1
     */
    default void revertToSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        throw new DriverException("this driver does not revert volumes to snapshots");
    }

    /**
     * Exports the volume to a consumer and says how to reach it. Exporting the same volume to
     * the same connector again gives the same answer.
     *
     * @param connector the consumer's connector properties, as os-brick sends them ({@code host},
     *                  {@code ip}, {@code initiator}, {@code multipath}...)
     * @since 1.3
     */
    default ConnectionInfo initializeConnection(VolumeSpec volume, Map<String, Object> connector)
            throws DriverException {
        throw new DriverException("this driver does not export volumes");
    }

    /**
     * Ends a consumer's export of the volume. Ending one that does not exist succeeds.
     *
     * @since 1.3
     */
    default void terminateConnection(VolumeSpec volume, Map<String, Object> connector) throws DriverException {
    }
}
