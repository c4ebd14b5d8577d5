package org.scoria.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The attachments table. Every change locks its volume's row first, so that the changes of one
 * volume's attachments happen one after the other, and then derives the volume's status from
 * the attachments it has left, as one transaction: no attachment → {@code available}; one
 * attached (or being detached) → {@code in-use}; else one attaching → {@code attaching}; else
 * {@code reserved}. A volume an administrator put in another status keeps it.
 *
 * @since 3.0
 */
@ProviderType
public interface AttachmentStore {

    /**
     * Adds an attachment in status {@code initial} ({@code reserved}, or {@code attached} for a
     * legacy {@code os-attach}) to a volume in one of the statuses {@code from}; a volume that is
     * not multi-attach must have no attachment yet, unless every one it has is for the same server
     * (Cinder's rule for a server that moves: the new host's attachment joins the old one's).
     *
     * @return the attachment, or empty when the volume does not allow it (any more)
     */
    Optional<Attachment> create(String volumeId, Set<VolumeStatus> from, NewAttachment attachment, AttachStatus initial);

    /**
     * Records the connector a consumer gave and the connection info its backend answered: the
     * attachment (reserved, attaching, or failed attaching) is {@code attaching}. Guarded by the
     * connector it had, so that of two consumers connecting at once one wins.
     *
     * @param previousConnector the connector the attachment had when the export was asked for, or {@code null}
     * @param attachedHost the connector's host, kept when {@code null}
     * @param mountpoint   the connector's mount point, kept when {@code null}
     * @param attachMode   the mode the attachment is connected in
     * @return whether the attachment moved
     */
    boolean connect(String attachmentId, String previousConnector, String connector, String connectionInfo,
            String attachedHost, String mountpoint,
            String attachMode);

    /**
     * Moves an attachment to {@code to} from any status that may reach it; {@code attached}
     * records the attach time, {@code detached} the detach time and removes it.
     *
     * @return whether this call moved it
     */
    boolean move(String attachmentId, AttachStatus to);

    /**
     * As {@link #move(String, AttachStatus)}, only from {@code from}.
     *
     * @throws IllegalArgumentException when the state machine does not allow {@code from → to}
     */
    boolean move(String attachmentId, AttachStatus from, AttachStatus to);

    /**
     * Derives the status of a volume in one of the statuses {@code from} from its attachments
     * (a legacy {@code os-unreserve} or {@code os-roll_detaching}).
     *
     * @return whether the volume was in one of them
     */
    boolean settle(String volumeId, Set<VolumeStatus> from);

    /** The live attachment with this id. */
    Optional<Attachment> find(String attachmentId);

    /** A volume's live attachments, oldest first. */
    List<Attachment> ofVolume(String volumeId);

    /** The attached attachments of these volumes, by volume id; volumes without any are absent. */
    Map<String, List<Attachment>> attachedTo(Collection<String> volumeIds);

    /**
     * One page of the attachments a query selects, newest first.
     *
     * @throws MissingRowException when the marker is not among them
     */
    List<Attachment> query(AttachmentQuery query);

    /**
     * Attachments not completed (reserved, attaching, failed attaching) or whose detach did not
     * finish (detaching, failed detaching), unchanged since {@code before}.
     */
    List<Attachment> unfinished(Instant before);

    /**
     * Volumes held by a legacy {@code os-reserve} ({@code attaching} while none of their
     * attachments is) and unchanged since {@code before}.
     */
    List<String> heldWithoutAttachment(Instant before);
}
