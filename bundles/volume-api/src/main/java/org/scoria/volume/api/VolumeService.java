package org.scoria.volume.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
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
     * Changes a volume's name and description, whichever the change sets; they are checked as on
     * create.
     *
     * @throws VolumeNotFoundException when the volume does not exist or is not the caller's
     * @throws InvalidInputException when a text is too long; nothing is written
     * @since 1.1
     */
    Volume update(RequestContext context, String volumeId, VolumeDescription change);

    /**
     * Starts deleting a volume: it goes to {@code deleting} and disappears once its backend has
     * removed it.
     *
     * @throws VolumeNotFoundException when the volume does not exist or is not the caller's
     * @throws InvalidVolumeStateException when the volume is being created or deleted
     */
    Volume delete(RequestContext context, String volumeId);
}
