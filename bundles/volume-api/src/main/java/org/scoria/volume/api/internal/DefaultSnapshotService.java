package org.scoria.volume.api.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.command.CreateSnapshot;
import org.scoria.messaging.command.DeleteSnapshot;
import org.scoria.messaging.command.VolumeCommand;
import org.scoria.persistence.NewSnapshot;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotQuery;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.CreateSnapshotRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.SnapshotService;
import org.scoria.volume.api.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cinder's snapshot flows on the API side: check, write the row, cast to the volume's backend. */
@Component(service = SnapshotService.class)
public class DefaultSnapshotService implements SnapshotService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSnapshotService.class);

    private final SnapshotStore store;
    private final VolumeService volumes;
    private final QuotaService quotas;
    private final CommandSender sender;

    @Activate
    public DefaultSnapshotService(@Reference SnapshotStore store, @Reference VolumeService volumes,
            @Reference QuotaService quotas, @Reference CommandJournal journal) {
        this.store = store;
        this.volumes = volumes;
        this.quotas = quotas;
        this.sender = new CommandSender(journal);
    }

    @Override
    public Snapshot create(RequestContext context, CreateSnapshotRequest request) {
        Volume volume = volumes.get(context, request.volumeId());
        NewSnapshot requested = new NewSnapshot(volume.id(), volume.projectId(), context.userId(),
                InputChecks.text("name", request.name()),
                InputChecks.text("description", request.description()),
                InputChecks.metadata(request.metadata()));
        // Checked now as well as by the guarded insert: only an available volume has a backend to send to for sure.
        if (volume.status() != VolumeStatus.AVAILABLE) {
            throw volumeNotAvailable(volume.id(), volume.status());
        }
        String snapshotId = UUID.randomUUID().toString();
        Snapshot snapshot;
        try {
            snapshot = cast(context, volume.backendHost(), new CreateSnapshot(snapshotId, context.requestId()),
                    snapshotId, () -> store.create(snapshotId, requested,
                            List.of(VolumeStatus.AVAILABLE), quotas.enforced(volume.projectId()))
                    .orElseThrow(() -> volumeNotAvailable(volume.id(), volumes.get(context, volume.id()).status())),
                    SnapshotStatus.CREATING, SnapshotStatus.ERROR);
        } catch (QuotaExceededException refused) {
            throw quotas.explain(refused);
        }
        LOG.info("[{}] Snapshot {} of volume {} accepted", context.requestId(), snapshot.id(), volume.id());
        return snapshot;
    }

    @Override
    public Snapshot get(RequestContext context, String snapshotId) {
        return store.find(snapshotId)
                .filter(snapshot -> context.canSee(snapshot.projectId()))
                .orElseThrow(() -> new ResourceNotFoundException("Snapshot " + snapshotId + " could not be found."));
    }

    @Override
    public List<Snapshot> query(RequestContext context, SnapshotQuery query, boolean allProjects) {
        return ListPages.read(query.marker(), () -> store.query(scoped(context, query, allProjects)));
    }

    @Override
    public long count(RequestContext context, SnapshotQuery query, boolean allProjects) {
        return store.count(scoped(context, query, allProjects));
    }

    private static SnapshotQuery scoped(RequestContext context, SnapshotQuery query, boolean allProjects) {
        return query.inProject(context.listedProject(allProjects, query.projectId()));
    }

    @Override
    public Snapshot update(RequestContext context, String snapshotId, VolumeDescription change) {
        get(context, snapshotId);
        store.describe(snapshotId, InputChecks.description(change));
        return get(context, snapshotId);
    }

    @Override
    public Snapshot delete(RequestContext context, String snapshotId) {
        Snapshot snapshot = get(context, snapshotId);
        if (!snapshot.status().isDeletable()) {
            throw notDeletable(snapshot.status());
        }
        Volume volume = volumes.get(RequestContext.admin(snapshot.projectId()), snapshot.volumeId());
        cast(context, volume.backendHost(), new DeleteSnapshot(snapshotId, context.requestId()),
                snapshotId, () -> {
                    if (!store.transition(snapshotId, snapshot.status(), SnapshotStatus.DELETING, null, null)) {
                        throw notDeletable(get(context, snapshotId).status());
                    }
                    return snapshot;
                }, SnapshotStatus.DELETING, SnapshotStatus.ERROR_DELETING);
        LOG.info("[{}] Snapshot {} deleting", context.requestId(), snapshotId);
        // Its backend may have deleted it already: not an error.
        return store.find(snapshotId).orElse(snapshot);
    }

    @Override
    public Snapshot resetStatus(RequestContext context, String snapshotId, SnapshotStatus status) {
        context.authorize("volume_extension:snapshot_admin_actions:reset_status");
        Snapshot snapshot = get(context, snapshotId);
        if (!store.reset(snapshotId, snapshot.status(), status)) {
            throw new InvalidInputException("Snapshot " + snapshotId + " changed status while it was being reset; try again.");
        }
        LOG.warn("[{}] Snapshot {} status reset from {} to {} by {}", context.requestId(), snapshotId,
                snapshot.status().wireName(), status.wireName(), context.userId());
        return get(context, snapshotId);
    }

    @Override
    public Snapshot forceDelete(RequestContext context, String snapshotId) {
        context.authorize("volume_extension:snapshot_admin_actions:force_delete");
        Snapshot snapshot = get(context, snapshotId);
        if (snapshot.status() == SnapshotStatus.BACKING_UP) {
            // A backup reads it: its data must stay until the backup ends.
            throw new InvalidInputException("Snapshot " + snapshotId + " is being backed up; try again once the backup"
                    + " is finished.");
        }
        Volume volume = volumes.get(RequestContext.admin(snapshot.projectId()), snapshot.volumeId());
        // From deleting too: the delete is asked again, which a backend that finished it already ignores.
        cast(context, volume.backendHost(), new DeleteSnapshot(snapshotId, context.requestId()),
                snapshotId, () -> {
                    if (snapshot.status() != SnapshotStatus.DELETING
                            && !store.reset(snapshotId, snapshot.status(), SnapshotStatus.DELETING)) {
                        throw new InvalidInputException("Snapshot " + snapshotId + " changed status while it was being"
                                + " force-deleted; try again.");
                    }
                    return snapshot;
                }, SnapshotStatus.DELETING, SnapshotStatus.ERROR_DELETING);
        LOG.warn("[{}] Snapshot {} force-deleted from status {} by {}", context.requestId(), snapshotId,
                snapshot.status().wireName(), context.userId());
        return store.find(snapshotId).orElse(snapshot);
    }

    @Override
    public Snapshot reportStatus(RequestContext context, String snapshotId, SnapshotStatus status, String progress) {
        context.authorize("snapshot_extension:snapshot_actions:update_snapshot_status");
        Snapshot snapshot = get(context, snapshotId);
        Set<SnapshotStatus> allowed = switch (snapshot.status()) {
            case CREATING -> EnumSet.of(SnapshotStatus.CREATING, SnapshotStatus.AVAILABLE, SnapshotStatus.ERROR);
            case DELETING -> EnumSet.of(SnapshotStatus.DELETING, SnapshotStatus.ERROR_DELETING);
            default -> throw new InvalidInputException("Snapshot status " + snapshot.status().wireName()
                    + " not allowed for update_snapshot_status");
        };
        if (!allowed.contains(status)) {
            throw new InvalidInputException("Provided snapshot status " + status.wireName()
                    + " not allowed for snapshot with status " + snapshot.status().wireName() + ".");
        }
        if (!store.report(snapshotId, snapshot.status(), status, progress)) {
            throw new InvalidInputException("Snapshot " + snapshotId + " changed status while it was being updated;"
                    + " try again.");
        }
        LOG.info("[{}] Snapshot {} reported {} ({}) by {}", context.requestId(), snapshotId, status.wireName(),
                progress == null ? "no progress" : progress, context.userId());
        return get(context, snapshotId);
    }

    @Override
    public Map<String, String> writeMetadata(RequestContext context, String snapshotId, Map<String, String> metadata,
            boolean replace) {
        Map<String, String> checked = InputChecks.metadata(metadata);
        get(context, snapshotId);
        return store.writeMetadata(snapshotId, checked, replace)
                .orElseThrow(() -> new ResourceNotFoundException("Snapshot " + snapshotId + " could not be found."));
    }

    @Override
    public void deleteMetadata(RequestContext context, String snapshotId, String key) {
        get(context, snapshotId);
        if (!store.deleteMetadata(snapshotId, key)) {
            throw new ResourceNotFoundException("Metadata item was not found");
        }
    }

    private static InvalidVolumeStateException volumeNotAvailable(String volumeId, VolumeStatus status) {
        return new InvalidVolumeStateException("Volume " + volumeId + " status must be available, but current status is: "
                + status.wireName() + ".");
    }

    private static InvalidInputException notDeletable(SnapshotStatus status) {
        return new InvalidInputException("Snapshot status must be available or error or error_deleting, but current"
                + " status is: " + status.wireName() + ".");
    }

    /**
     * Moves the snapshot to {@code pending} with {@code move} (which throws when it cannot) and
     * sends a command to its volume's backend; when the broker cannot take it, the snapshot moves
     * on to {@code fallback}.
     */
    private Snapshot cast(RequestContext context, String backendHost, VolumeCommand command, String snapshotId,
            Supplier<Snapshot> move, SnapshotStatus pending, SnapshotStatus fallback) {
        return sender.writeAndSend(context, Destinations.volumeManager(backendHost), command, "snapshot " + snapshotId,
                move, () -> store.transition(snapshotId, pending, fallback, CommandSender.notQueued(command), null));
    }
}
