package org.scoria.volume.api.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.messaging.CommandBus;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;
import org.scoria.persistence.AttachmentStore;
import org.scoria.persistence.NewAttachment;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.volume.api.AttachmentService;
import org.scoria.volume.api.ConflictException;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceUnavailableException;
import org.scoria.volume.api.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's attach and detach flows on the API side. Every step is a guarded move of the
 * attachment (which derives its volume's status in the same transaction); exports are
 * synchronous calls to the backend's volume manager, and an export made for a step that then
 * lost a race is ended again.
 * <p>
 * Its length is the {@code AttachmentService} interface: the 3.27 attachment flow and the
 * legacy actions Nova still calls share the same guarded moves and export calls; the connector
 * texts are {@link ConnectorTexts}, the expiry of attachments never completed {@link AttachmentExpiry}.
 */
@Component(service = AttachmentService.class, configurationPid = "org.scoria.attachments")
@Designate(ocd = DefaultAttachmentService.Config.class)
public class DefaultAttachmentService implements AttachmentService {

    @ObjectClassDefinition(name = "Scoria attachments", description = "Attach and detach.")
    public @interface Config {
        @AttributeDefinition(name = "Call timeout (s)", description = "How long an export call to a backend may take before the request is answered 503.")
        int call_timeout_seconds() default 60;

        @AttributeDefinition(name = "Reservation expiry (s)",
                description = "An attachment (or legacy reservation) never completed is removed after this long, its export ended; 0 never.")
        long reservation_expiry_seconds() default 3600;

        @AttributeDefinition(name = "Expiry check interval (s)", description = "How often expired reservations are looked for.")
        long expiry_check_interval_seconds() default 60;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAttachmentService.class);
    /** The connection info column's size. */
    private static final int MAX_CONNECTION_INFO_LENGTH = 16384;

    private static final Set<VolumeStatus> RESERVABLE = EnumSet.of(VolumeStatus.AVAILABLE);
    private static final Set<VolumeStatus> RESERVABLE_MULTIATTACH = EnumSet.of(VolumeStatus.AVAILABLE,
            VolumeStatus.RESERVED, VolumeStatus.ATTACHING, VolumeStatus.IN_USE);

    private final AttachmentStore store;
    private final VolumeStore volumeStore;
    private final VolumeService volumes;
    private final ExportCallClient exports;

    @Activate
    public DefaultAttachmentService(@Reference AttachmentStore store, @Reference VolumeStore volumeStore,
            @Reference VolumeService volumes, @Reference CommandBus bus, Config config) {
        this.store = store;
        this.volumeStore = volumeStore;
        this.volumes = volumes;
        this.exports = new ExportCallClient(bus, Duration.ofSeconds(config.call_timeout_seconds()));
    }

    @Override
    public Attachment create(RequestContext context, String volumeId, String instanceUuid,
            Map<String, Object> connector, String mode) {
        Volume volume = volumes.get(context, volumeId);
        if (inError(volume)) {
            throw new InvalidInputException(inErrorMessage(volume, "created"));
        }
        String connectorJson = connector == null ? null : ConnectorTexts.connectorJson(connector);
        Attachment reserved = store.create(volumeId, volume.multiattach() ? RESERVABLE_MULTIATTACH : RESERVABLE,
                new NewAttachment(instanceUuid, Boolean.TRUE.equals(volume.readOnly()) ? Attachment.READ_ONLY : mode,
                        null, null), AttachStatus.RESERVED)
                .orElseThrow(() -> notReservable(volume));
        LOG.info("[{}] Volume {} reserved by attachment {} for {}", context.requestId(), volumeId, reserved.id(),
                instanceUuid == null ? "a consumer" : "server " + instanceUuid);
        if (connector == null) {
            return reserved;
        }
        try {
            return connect(context, volume, reserved, connector, connectorJson);
        } catch (RuntimeException failed) {
            // As Cinder: an attachment whose export failed is not kept.
            store.move(reserved.id(), AttachStatus.DETACHED);
            throw failed;
        }
    }

    @Override
    public Attachment update(RequestContext context, String attachmentId, Map<String, Object> connector) {
        Attachment attachment = get(context, attachmentId);
        Volume volume = volumes.get(context, attachment.volumeId());
        if (inError(volume)) {
            throw new ConflictException(inErrorMessage(volume, "updated"));
        }
        return connect(context, volume, attachment, connector, ConnectorTexts.connectorJson(connector));
    }

    /** Exports the volume to the connector and records the answer; the same connector again answers what it got. */
    private Attachment connect(RequestContext context, Volume volume, Attachment attachment,
            Map<String, Object> connector, String connectorJson) {
        if (!AttachStatus.ATTACHING.sources().contains(attachment.status())) {
            throw new InvalidInputException("Attachment " + attachment.id() + " is " + attachment.status().wireName()
                    + "; only a reserved or attaching attachment takes a connector.");
        }
        if (attachment.isConnected() && ConnectorTexts.sameJson(connectorJson, attachment.connector())) {
            return attachment;
        }
        Object mountpoint = connector.get("mountpoint");
        Object host = connector.get("host");
        for (Object value : new Object[] {host, mountpoint}) {
            // The attached host and mountpoint columns hold as many characters as a name.
            if (value != null && value.toString().length() > InputChecks.MAX_TEXT_LENGTH) {
                throw new InvalidInputException("The connector's host and mountpoint have at most "
                        + InputChecks.MAX_TEXT_LENGTH + " characters.");
            }
        }
        String mode = attachment.attachMode() != null ? attachment.attachMode() : ConnectorTexts.modeOf(connector);
        Map<String, Object> info;
        try {
            info = exports.export(context, volume, connectorJson, mode);
        } catch (ServiceUnavailableException failed) {
            // Visible to the consumer, who may connect again or delete the attachment.
            store.move(attachment.id(), AttachStatus.ERROR_ATTACHING);
            throw failed;
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        if (info.get("data") instanceof Map<?, ?> data) {
            data.forEach((key, value) -> flat.put(key.toString(), value));
        }
        info.forEach((key, value) -> {
            if (!key.equals("data")) {
                flat.put(key, value);
            }
        });
        flat.put("attachment_id", attachment.id());
        String flatJson = ConnectorTexts.json(flat);
        if (flatJson.length() > MAX_CONNECTION_INFO_LENGTH) {
            endExport(context, volume, connectorJson);
            throw new ServiceUnavailableException("The backend " + volume.backendHost() + " answered a connection info of "
                    + flatJson.length() + " characters, more than the " + MAX_CONNECTION_INFO_LENGTH + " an attachment keeps.");
        }
        if (!store.connect(attachment.id(), attachment.connector(), connectorJson, flatJson,
                host == null ? null : host.toString(), mountpoint == null ? null : mountpoint.toString(), mode)) {
            // Deleted, completed or connected by another request meanwhile: the export just made must not outlive it.
            endExport(context, volume, connectorJson);
            throw changedMeanwhile(attachment.id());
        }
        if (attachment.isConnected()) {
            // Connected to another connector before (the same one returned above): that export is not the attachment's any more.
            endExport(context, volume, attachment.connector());
        }
        LOG.info("[{}] Attachment {} of volume {} connected to {}", context.requestId(), attachment.id(), volume.id(),
                host == null ? "a consumer" : host);
        return store.find(attachment.id()).orElseThrow(() -> attachmentNotFound(attachment.id()));
    }

    @Override
    public void complete(RequestContext context, String attachmentId) {
        Attachment attachment = get(context, attachmentId);
        if (attachment.status() == AttachStatus.ATTACHED) {
            return;
        }
        if (!attachment.isConnected()) {
            throw new InvalidInputException("Attachment " + attachmentId + " has no connection yet; update it with a"
                    + " connector first.");
        }
        if (!store.move(attachmentId, AttachStatus.ATTACHING, AttachStatus.ATTACHED)) {
            throw changedMeanwhile(attachmentId);
        }
        LOG.info("[{}] Attachment {} of volume {} completed: attached", context.requestId(), attachmentId,
                attachment.volumeId());
    }

    @Override
    public List<Attachment> delete(RequestContext context, String attachmentId) {
        Attachment attachment = get(context, attachmentId);
        detach(context, attachment, null, false);
        return store.ofVolume(attachment.volumeId());
    }

    /** Ends the attachment's export, if it has one, and removes it; a failed end leaves it {@code error_detaching}. */
    private void detach(RequestContext context, Attachment attachment, String connectorJson, boolean force) {
        String connector = connectorJson != null ? connectorJson : attachment.connector();
        if (attachment.status() == AttachStatus.RESERVED && connector == null) {
            if (!store.move(attachment.id(), AttachStatus.RESERVED, AttachStatus.DETACHED)) {
                throw changedMeanwhile(attachment.id());
            }
        } else {
            if (!store.move(attachment.id(), AttachStatus.DETACHING)) {
                throw changedMeanwhile(attachment.id());
            }
            if (connector != null && sharesExport(attachment, connector)) {
                LOG.info("[{}] The export of volume {} stays: another attachment on the same host uses it",
                        context.requestId(), attachment.volumeId());
            } else if (connector != null) {
                try {
                    exports.endExport(context, volumeOf(attachment), connector);
                } catch (RuntimeException failed) {
                    if (!force) {
                        store.move(attachment.id(), AttachStatus.DETACHING, AttachStatus.ERROR_DETACHING);
                        throw failed;
                    }
                    // An administrator's way out of a backend that is gone: the attachment goes regardless.
                    LOG.error("[{}] Force-detach of attachment {} of volume {}: its export could not be ended and may"
                            + " remain on the backend: {}", context.requestId(), attachment.id(), attachment.volumeId(),
                            failed.getMessage());
                }
            }
            store.move(attachment.id(), AttachStatus.DETACHING, AttachStatus.DETACHED);
        }
        LOG.info("[{}] Attachment {} of volume {} removed", context.requestId(), attachment.id(), attachment.volumeId());
    }

    private ConflictException changedMeanwhile(String attachmentId) {
        return new ConflictException("Attachment " + attachmentId + " is "
                + store.find(attachmentId).map(now -> now.status().wireName()).orElse("already deleted")
                + "; it was changed by another request.");
    }

    /** A volume's status now, after a guarded move found it moved; {@code deleted} when it is gone. */
    private String volumeStatusNow(String volumeId) {
        return volumeStore.find(volumeId).map(now -> now.status().wireName()).orElse("deleted");
    }

    private static boolean inError(Volume volume) {
        return volume.status().wireName().contains("error");
    }

    /** Cinder's refusal of an attachment change of a volume in error, trailing space included. */
    private static String inErrorMessage(Volume volume, String done) {
        return "Volume attachments can not be " + done + " if the volume is in an error state. The Volume " + volume.id()
                + " currently has a status of: " + volume.status().wireName() + " ";
    }

    @Override
    public Attachment get(RequestContext context, String attachmentId) {
        return store.find(attachmentId).filter(found -> context.canSee(found.projectId()))
                .orElseThrow(() -> attachmentNotFound(attachmentId));
    }

    @Override
    public List<Attachment> query(RequestContext context, AttachmentQuery query, boolean allProjects) {
        return ListPages.read(query.marker(), () -> store.query(query.inProject(context.listedProject(allProjects, query.projectId()))));
    }

    @Override
    public Map<String, List<Attachment>> attachedTo(Collection<String> volumeIds) {
        return store.attachedTo(volumeIds);
    }

    @Override
    public void reserve(RequestContext context, String volumeId) {
        Volume volume = volumes.get(context, volumeId);
        boolean moved = volume.status() == VolumeStatus.AVAILABLE
                || volume.multiattach() && volume.status() == VolumeStatus.IN_USE
                ? volumeStore.transition(volumeId, volume.status(), VolumeStatus.ATTACHING, VolumeChange.NONE) : false;
        if (!moved) {
            throw new InvalidVolumeStateException("Volume status must be available"
                    + (volume.multiattach() ? " or in-use" : "") + " to reserve, but the status is "
                    + volumeStatusNow(volumeId) + ".");
        }
        LOG.info("[{}] Volume {} reserved (legacy)", context.requestId(), volumeId);
    }

    @Override
    public void unreserve(RequestContext context, String volumeId) {
        volumes.get(context, volumeId);
        // As Cinder: a volume not attaching is left as it is.
        store.settle(volumeId, EnumSet.of(VolumeStatus.ATTACHING));
    }

    @Override
    public Map<String, Object> initializeConnection(RequestContext context, String volumeId,
            Map<String, Object> connector) {
        Volume volume = volumes.get(context, volumeId);
        if (volume.status() == VolumeStatus.CREATING || volume.status() == VolumeStatus.DOWNLOADING || inError(volume)
                || volume.status() == VolumeStatus.DELETING) {
            throw new InvalidVolumeStateException("Volume " + volumeId + " cannot be exported while it is "
                    + volume.status().wireName() + ".");
        }
        return exports.export(context, volume, ConnectorTexts.connectorJson(connector), ConnectorTexts.modeOf(connector));
    }

    @Override
    public void terminateConnection(RequestContext context, String volumeId, Map<String, Object> connector) {
        Volume volume = volumes.get(context, volumeId);
        if (volume.host() != null) {
            exports.endExport(context, volume, connector == null ? null : ConnectorTexts.connectorJson(connector));
        }
        store.settle(volumeId, EnumSet.of(VolumeStatus.ATTACHING));
    }

    @Override
    public Attachment attach(RequestContext context, String volumeId, String instanceUuid, String hostName,
            String mountpoint, String mode) {
        Volume volume = volumes.get(context, volumeId);
        if (Boolean.TRUE.equals(volume.readOnly()) && !Attachment.READ_ONLY.equals(mode)) {
            throw new InvalidInputException("Invalid attaching mode '" + mode + "' for volume " + volumeId + ".");
        }
        Set<VolumeStatus> from = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ATTACHING, VolumeStatus.RESERVED);
        if (volume.multiattach()) {
            from.add(VolumeStatus.IN_USE);
        }
        Attachment attached = store.create(volumeId, from, new NewAttachment(instanceUuid, mode, hostName, mountpoint),
                AttachStatus.ATTACHED).orElseThrow(() -> new InvalidVolumeStateException("Volume " + volumeId
                        + (volume.multiattach() ? " status must be available, attaching or in-use to attach"
                                : " is already attached or reserved, and multiple attachments are not enabled")
                        + "; its status is " + volumeStatusNow(volumeId) + "."));
        LOG.info("[{}] Volume {} attached (legacy) to {} at {}", context.requestId(), volumeId,
                instanceUuid != null ? "server " + instanceUuid : "host " + hostName, mountpoint);
        return attached;
    }

    @Override
    public void beginDetaching(RequestContext context, String volumeId) {
        volumes.get(context, volumeId);
        if (!volumeStore.transition(volumeId, VolumeStatus.IN_USE, VolumeStatus.DETACHING, VolumeChange.NONE)) {
            throw new InvalidVolumeStateException("Unable to detach volume. Volume status must be 'in-use' and"
                    + " attach_status must be 'attached' to detach.");
        }
    }

    @Override
    public void rollDetaching(RequestContext context, String volumeId) {
        volumes.get(context, volumeId);
        store.settle(volumeId, EnumSet.of(VolumeStatus.DETACHING));
    }

    @Override
    public void detach(RequestContext context, String volumeId, String attachmentId) {
        Attachment attachment = attachmentOf(volumes.get(context, volumeId), attachmentId);
        if (attachment == null) {
            // As Cinder: nothing attached; a volume held only by its status is available again.
            store.settle(volumeId, VolumeStatus.ATTACH_STATUSES);
            return;
        }
        // The legacy consumer ended its export with os-terminate_connection already.
        if (!store.move(attachment.id(), AttachStatus.DETACHED)) {
            throw changedMeanwhile(attachment.id());
        }
        LOG.info("[{}] Volume {} detached (legacy) from attachment {}", context.requestId(), volumeId, attachment.id());
    }

    @Override
    public void forceDetach(RequestContext context, String volumeId, String attachmentId,
            Map<String, Object> connector) {
        context.authorize("volume_extension:volume_admin_actions:force_detach");
        Volume volume = volumes.get(context, volumeId);
        Attachment attachment = attachmentOf(volume, attachmentId);
        String connectorJson = connector == null ? null : ConnectorTexts.connectorJson(connector);
        if (attachment == null) {
            if (connectorJson != null) {
                exports.endExport(context, volume, connectorJson);
            }
            store.settle(volumeId, VolumeStatus.ATTACH_STATUSES);
            return;
        }
        detach(context, attachment, connectorJson, true);
        LOG.warn("[{}] Volume {} force-detached from attachment {} by {}", context.requestId(), volumeId,
                attachment.id(), context.userId());
    }

    /** The volume's attachment named, or its only one when none is named; {@code null} when it has none. */
    private Attachment attachmentOf(Volume volume, String attachmentId) {
        List<Attachment> attachments = store.ofVolume(volume.id());
        if (attachmentId != null) {
            return attachments.stream().filter(found -> found.id().equals(attachmentId)).findFirst()
                    .orElseThrow(() -> attachmentNotFound(attachmentId));
        }
        if (attachments.size() > 1) {
            throw new InvalidVolumeStateException("Detach volume failed: More than one attachment, but no"
                    + " attachment_id provided.");
        }
        return attachments.isEmpty() ? null : attachments.get(0);
    }

    /** Ends an export made for a step that did not happen; a failure is logged, the expiry cannot retry it. */
    private void endExport(RequestContext context, Volume volume, String connectorJson) {
        try {
            exports.endExport(context, volume, connectorJson);
        } catch (RuntimeException e) {
            LOG.error("[{}] An export of volume {} made for a step that did not happen could not be ended: {}",
                    context.requestId(), volume.id(), e.getMessage());
        }
    }

    private Volume volumeOf(Attachment attachment) {
        return volumeStore.find(attachment.volumeId()).orElseThrow(
                () -> new ResourceNotFoundException("Volume " + attachment.volumeId() + " could not be found."));
    }

    private InvalidVolumeStateException notReservable(Volume volume) {
        String now = volumeStatusNow(volume.id());
        return new InvalidVolumeStateException("Volume " + volume.id() + " status must be available"
                + (volume.multiattach() ? " or reserved or attaching or in-use" : "") + " to reserve, but the current"
                + " status is " + now + "." + (volume.multiattach() || now.equals("available") ? ""
                        : " It is not multi-attach: its type has no multiattach=\"<is> True\"."));
    }

    private static ResourceNotFoundException attachmentNotFound(String attachmentId) {
        return new ResourceNotFoundException("Volume attachment could not be found with filter: attachment_id = "
                + attachmentId + ".");
    }

    /**
     * Whether another attachment of the volume is exported to the same consumer host (two servers
     * of one compute host, a multi-attached volume): as in Cinder, ending the export then is left
     * to the last of them, since a backend may export a volume once per host.
     */
    private boolean sharesExport(Attachment attachment, String connectorJson) {
        String consumer = ConnectorTexts.consumerHost(connectorJson);
        return consumer != null && store.ofVolume(attachment.volumeId()).stream()
                .filter(other -> !other.id().equals(attachment.id()) && other.connector() != null)
                .filter(other -> other.status() == AttachStatus.ATTACHING || other.status() == AttachStatus.ATTACHED)
                .anyMatch(other -> consumer.equals(ConnectorTexts.consumerHost(other.connector())));
    }


}
