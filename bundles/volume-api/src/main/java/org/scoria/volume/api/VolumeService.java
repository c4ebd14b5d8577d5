package org.scoria.volume.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeSummary;

/**
 * Volume operations on behalf of a user. A user sees the volumes of their own project only;
 * another project's volume is "not found", never "forbidden", so ids cannot be probed.
 *
 * @since 1.0
 */
@ProviderType
public interface VolumeService {

    /**
     * Checks the request, stores the volume as {@code creating} and asks the scheduler to place
     * it. Returns at once; the volume becomes {@code available} or {@code error} later.
     *
     * @throws InvalidInputException when the request is not acceptable; nothing is written
     * @throws ServiceUnavailableException when the scheduler cannot be reached; nothing is kept
     */
    Volume create(RequestContext context, CreateVolumeRequest request);

    /** @throws VolumeNotFoundException when the volume does not exist or is not the caller's */
    Volume get(RequestContext context, String volumeId);

    /**
     * One page of volumes, filtered and sorted as the query says. A caller sees its own project's
     * volumes; an administrator asking for {@code allProjects} sees every project's (or the
     * query's project, when it names one).
     *
     * @throws VolumeNotFoundException when the query's marker is not among the volumes it selects
     * @since 1.1
     */
    List<Volume> query(RequestContext context, VolumeQuery query, boolean allProjects);

    /**
     * How many volumes the query's filters select, scoped as {@link #query}.
     *
     * @since 1.1
     */
    long count(RequestContext context, VolumeQuery query, boolean allProjects);

    /**
     * The number and total size of the volumes the query's filters select, scoped as {@link #query}.
     *
     * @since 1.1
     */
    VolumeSummary summarize(RequestContext context, VolumeQuery query, boolean allProjects);

    /**
     * Changes a volume's name and description (whichever the change sets; checked as on create)
     * and, unless {@code metadata} is {@code null}, replaces its metadata.
     *
     * @throws VolumeNotFoundException when the volume does not exist or is not the caller's
     * @throws InvalidInputException when a text or a metadata pair is too long; nothing is written
     * @since 1.1 (metadata 2.0)
     */
    Volume update(RequestContext context, String volumeId, VolumeDescription change, Map<String, String> metadata);

    /**
     * The volume's metadata.
     *
     * @since 2.0
     */
    Map<String, String> metadata(RequestContext context, String volumeId);

    /**
     * Writes metadata pairs: with {@code replace} the volume keeps exactly these, otherwise they
     * are added to (or replace the values of) the ones it has.
     *
     * @return the volume's metadata now
     * @throws InvalidInputException when a key is empty or a key or value is longer than 255; nothing is written
     * @since 2.0
     */
    Map<String, String> writeMetadata(RequestContext context, String volumeId, Map<String, String> metadata,
            boolean replace);

    /**
     * Removes one metadata key.
     *
     * @throws ResourceNotFoundException when the volume does not have the key
     * @since 2.0
     */
    void deleteMetadata(RequestContext context, String volumeId, String key);

    /**
     * Grows an {@code available} volume to {@code newSizeGb}; it is {@code extending} until its
     * backend has done it.
     *
     * @throws InvalidInputException when the new size is not larger than the current one
     * @throws InvalidVolumeStateException when the volume is not {@code available}
     * @since 2.0
     */
    Volume extend(RequestContext context, String volumeId, int newSizeGb);

    /**
     * Sets a volume's status outright, whatever it is now: an administrator's repair.
     *
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @since 2.0
     */
    Volume resetStatus(RequestContext context, String volumeId, VolumeStatus status);

    /**
     * Marks a volume bootable, or not.
     *
     * @since 2.0
     */
    Volume setBootable(RequestContext context, String volumeId, boolean bootable);

    /**
     * Sets the read-only flag of an {@code available} volume.
     *
     * @throws InvalidVolumeStateException when the volume is not {@code available}
     * @since 2.0
     */
    Volume setReadOnly(RequestContext context, String volumeId, boolean readOnly);

    /**
     * Deletes a volume in any status but {@code deleting}: an administrator's way out of a volume
     * whose status forbids a delete. A volume with snapshots is refused as by {@link #delete}.
     *
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @since 2.0
     */
    Volume forceDelete(RequestContext context, String volumeId);

    /**
     * Starts deleting a volume: it goes to {@code deleting} and disappears once its backend has
     * removed it; with {@code cascade} its snapshots go first, in the same request.
     *
     * @throws VolumeNotFoundException when the volume does not exist or is not the caller's
     * @throws InvalidVolumeStateException when the volume is being created or deleted, or has
     *                                     snapshots and {@code cascade} is false, or one of them
     *                                     is being created or deleted
     * @since 1.0 (cascade 2.0)
     */
    Volume delete(RequestContext context, String volumeId, boolean cascade);

    /**
     * Puts a volume's data back to its latest snapshot (Cinder's revert, microversion 3.40).
     *
     * @throws InvalidInputException when the snapshot is not the volume's latest, or not {@code available}
     * @throws InvalidVolumeStateException when the volume is not {@code available}
     * @since 2.0
     */
    Volume revert(RequestContext context, String volumeId, String snapshotId);

    /**
     * Gives an {@code available} volume another type (by id or name), when the backend it is on
     * fits the new type's extra specs as the scheduler's filters judge them. A retype that would
     * need the volume moved to another backend is refused, whatever {@code migrationPolicy}
     * ({@code never} or {@code on-demand}) says: migration is not available yet.
     *
     * @throws InvalidInputException when the type is the same, or the backend does not fit it
     * @throws ServiceUnavailableException when the scheduler cannot judge now
     * @since 2.1
     */
    Volume retype(RequestContext context, String volumeId, String newType, String migrationPolicy);

    /**
     * What the volume records of the image it was made from (Cinder's {@code os-show_image_metadata}).
     *
     * @throws ResourceNotFoundException when it records none
     * @since 4.1
     */
    Map<String, String> imageMetadata(RequestContext context, String volumeId);

    /**
     * Writes pairs over the volume's image metadata ({@code os-set_image_metadata}).
     *
     * @return the volume's image metadata now
     * @throws InvalidVolumeStateException when the volume is in maintenance or uploading; nothing is written
     * @since 4.1
     */
    Map<String, String> setImageMetadata(RequestContext context, String volumeId, Map<String, String> pairs);

    /**
     * Removes one key of the volume's image metadata ({@code os-unset_image_metadata}).
     *
     * @throws ResourceNotFoundException when the volume does not have the key
     * @throws InvalidVolumeStateException when the volume is in maintenance or uploading
     * @since 4.1
     */
    void unsetImageMetadata(RequestContext context, String volumeId, String key);

    /**
     * Uploads an {@code available} volume to a new image ({@code os-volume_upload_image}): the
     * image is registered in Glance with the caller's rights, the volume is {@code uploading}
     * until its backend has written its data into the image, then available again.
     *
     * @throws InvalidVolumeStateException when the volume is not available; nothing is registered
     * @throws InvalidInputException when Glance refuses the image (the message says why)
     * @since 4.1
     */
    ImageUpload uploadToImage(RequestContext context, String volumeId, ImageUploadRequest request);

    /**
     * Writes an image over the volume's data ({@code os-reimage}, 3.68): an {@code available} or
     * {@code error} volume, or with {@code reimageReserved} a {@code reserved} one, is
     * {@code downloading} until its backend has written the image, then back in the status it
     * was in, bootable and recording the new image.
     *
     * @throws ResourceNotFoundException when the caller cannot see the image
     * @throws ConflictException when the volume is attached to more than one server
     * @throws InvalidVolumeStateException when the volume is in another status; nothing is written
     * @throws InvalidInputException when the image is not active or does not fit the volume
     * @since 4.1
     */
    void reimage(RequestContext context, String volumeId, String imageId, boolean reimageReserved);
}
