package org.scoria.volume.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.scoria.messaging.CommandBus;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentStore;
import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that removes attachments a consumer reserved and never completed (their
 * exports ended first), and releases volumes a legacy {@code os-reserve} held since. Every node
 * runs it: each attachment is claimed by a guarded move that only one node wins, so two nodes
 * never both remove one. (A {@code detaching} one, left by an expiry that crashed, may have its
 * export ended by both: ending an export twice is harmless.)
 */
@Component(configurationPid = "org.scoria.attachments")
public class AttachmentExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentExpiry.class);

    private final AttachmentStore store;
    private final VolumeService volumes;
    private final ExportCallClient exports;
    private final PeriodicJob checks;

    @Activate
    public AttachmentExpiry(@Reference AttachmentStore store, @Reference VolumeService volumes, @Reference CommandBus bus,
            DefaultAttachmentService.Config config) {
        this.store = store;
        this.volumes = volumes;
        this.exports = new ExportCallClient(bus, Duration.ofSeconds(config.call_timeout_seconds()));
        Duration expiry = Duration.ofSeconds(config.reservation_expiry_seconds());
        this.checks = config.reservation_expiry_seconds() <= 0 ? null
                : new PeriodicJob("scoria-attachment-expiry", Duration.ofSeconds(config.expiry_check_interval_seconds()),
                        "expire old reservations", LOG, () -> expire(Instant.now().minus(expiry)));
    }

    @Deactivate
    public void deactivate() {
        if (checks != null) {
            checks.close();
        }
    }

    /**
     * Removes the attachments left unfinished before {@code cutoff}, and releases the volumes held
     * by a legacy reservation since then.
     *
     * @return how many attachments this node removed and volumes it released
     */
    int expire(Instant cutoff) {
        RequestContext context = RequestContext.admin("admin");
        int done = 0;
        for (Attachment attachment : store.unfinished(cutoff)) {
            try {
                done += expire(context, attachment) ? 1 : 0;
            } catch (RuntimeException e) {
                // One attachment's trouble (a lock conflict, say) leaves the others to expire; it is tried next time.
                LOG.warn("Could not expire attachment {} of volume {} now: {}", attachment.id(), attachment.volumeId(),
                        e.getMessage());
            }
        }
        try {
            for (String volumeId : store.heldWithoutAttachment(cutoff)) {
                if (store.settle(volumeId, EnumSet.of(VolumeStatus.ATTACHING))) {
                    done++;
                    LOG.warn("Volume {} was reserved (os-reserve) before {} and never attached; released", volumeId,
                            cutoff);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release old os-reserve holds now: {}", e.getMessage());
        }
        return done;
    }

    /** Claims, unexports and removes one attachment; whether this node removed it. */
    private boolean expire(RequestContext context, Attachment attachment) {
        // Claimed first (a consumer completing or connecting now wins, and so does another node), then its export
        // ended.
        if (attachment.status() != AttachStatus.DETACHING
                && !store.move(attachment.id(), attachment.status(), AttachStatus.DETACHING)) {
            return false;
        }
        if (attachment.connector() != null) {
            try {
                exports.endExport(context, volumes.get(context, attachment.volumeId()), attachment.connector());
            } catch (RuntimeException e) {
                store.move(attachment.id(), AttachStatus.DETACHING, AttachStatus.ERROR_DETACHING);
                LOG.warn("Expired attachment {} of volume {} keeps its export for now, tried again later: {}",
                        attachment.id(), attachment.volumeId(), e.getMessage());
                return false;
            }
        }
        if (!store.move(attachment.id(), AttachStatus.DETACHING, AttachStatus.DETACHED)) {
            return false;
        }
        LOG.warn("Attachment {} of volume {} expired: {} since {} and never completed; removed", attachment.id(),
                attachment.volumeId(), attachment.status().wireName(), attachment.updatedAt());
        return true;
    }
}
