package org.scoria.volume.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;

/**
 * Attach and detach on behalf of a user: Cinder's attachments API (microversion 3.27 and later)
 * and the legacy volume actions older consumers use. Exports are synchronous calls to the
 * volume manager that serves the volume's backend.
 * <p>
 * Connection infos are JSON objects as Cinder answers them: an attachment's is flat (the
 * driver's data, {@code driver_volume_type} and {@code attachment_id}); the legacy
 * {@code os-initialize_connection}'s is {@code {driver_volume_type, data}}.
 *
 * @since 2.5
 */
@ProviderType
public interface AttachmentService {

    /**
     * Reserves a volume for a consumer and, with a connector, exports it at once.
     *
     * @param instanceUuid the consuming server, or {@code null}
     * @param connector    the consumer's connector, or {@code null} to connect later with {@link #update}
     * @param mode         {@code rw} or {@code ro}, or {@code null} for the connector's (default {@code rw})
     * @throws VolumeNotFoundException when the volume does not exist or is not the caller's
     * @throws InvalidVolumeStateException when the volume cannot be reserved now (status, not multi-attach)
     * @throws ServiceUnavailableException when its backend does not export it in time; nothing is kept
     */
    Attachment create(RequestContext context, String volumeId, String instanceUuid, Map<String, Object> connector,
            String mode);

    /**
     * Exports the attachment's volume to a connector; the same connector again gives the same answer.
     *
     * @throws ResourceNotFoundException when the attachment does not exist or is not the caller's
     */
    Attachment update(RequestContext context, String attachmentId, Map<String, Object> connector);

    /** Marks a connected attachment attached: its volume is {@code in-use}. */
    void complete(RequestContext context, String attachmentId);

    /**
     * Ends the attachment's export and removes it.
     *
     * @return the volume's attachments left
     */
    List<Attachment> delete(RequestContext context, String attachmentId);

    Attachment get(RequestContext context, String attachmentId);

    /**
     * One page of attachments; an administrator asking for {@code allProjects} sees every project's.
     *
     * @throws ResourceNotFoundException when the query's marker is not among them
     */
    List<Attachment> query(RequestContext context, AttachmentQuery query, boolean allProjects);

    /** The attached attachments of volumes the caller already may see, by volume id. */
    Map<String, List<Attachment>> attachedTo(Collection<String> volumeIds);

    /** Legacy {@code os-reserve}: holds an available volume ({@code attaching}) for a consumer. */
    void reserve(RequestContext context, String volumeId);

    /** Legacy {@code os-unreserve}: releases a reservation that was not followed by an attach. */
    void unreserve(RequestContext context, String volumeId);

    /** Legacy {@code os-initialize_connection}: exports the volume to a connector, without an attachment. */
    Map<String, Object> initializeConnection(RequestContext context, String volumeId, Map<String, Object> connector);

    /** Legacy {@code os-terminate_connection}: ends an export, and releases a reservation not attached. */
    void terminateConnection(RequestContext context, String volumeId, Map<String, Object> connector);

    /**
     * Legacy {@code os-attach}: records the volume attached to a server or host.
     *
     * @param mode {@code rw} or {@code ro}
     */
    Attachment attach(RequestContext context, String volumeId, String instanceUuid, String hostName, String mountpoint,
            String mode);

    /** Legacy {@code os-begin_detaching}: an attached volume is {@code detaching}. */
    void beginDetaching(RequestContext context, String volumeId);

    /** Legacy {@code os-roll_detaching}: a detach that did not happen; the volume is in use again. */
    void rollDetaching(RequestContext context, String volumeId);

    /**
     * Legacy {@code os-detach}: removes an attachment (the volume's only one when {@code attachmentId} is null).
     */
    void detach(RequestContext context, String volumeId, String attachmentId);

    /**
     * Administrator's {@code os-force_detach}: ends the export (to {@code connector}, or to the
     * attachment's own) and removes the attachment, whatever the volume's status.
     */
    void forceDetach(RequestContext context, String volumeId, String attachmentId, Map<String, Object> connector);
}
