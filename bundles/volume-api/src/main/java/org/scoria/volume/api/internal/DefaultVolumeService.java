package org.scoria.volume.api.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.image.ImageService;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.command.DeleteVolume;
import org.scoria.messaging.command.ExtendVolume;
import org.scoria.messaging.command.RevertToSnapshot;
import org.scoria.messaging.command.VolumeCommand;
import org.scoria.persistence.AttachmentStore;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeSummary;
import org.scoria.persistence.VolumeType;
import org.scoria.scheduler.PlacementCheck;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.ImageUpload;
import org.scoria.volume.api.ImageUploadRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceUnavailableException;
import org.scoria.volume.api.VolumeNotFoundException;
import org.scoria.volume.api.VolumeService;
import org.scoria.volume.api.VolumeTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's volume operations on the API side: validate, make the guarded move, cast. The create
 * flow is {@link VolumeCreation}, the input checks {@link InputChecks}; what stays are the
 * operations on an existing volume, each a short method of the {@code VolumeService} interface.
 */
@Component(service = VolumeService.class, configurationPid = "org.scoria.volume.api")
@Designate(ocd = DefaultVolumeService.Config.class)
public class DefaultVolumeService implements VolumeService {

    @ObjectClassDefinition(name = "Scoria volume API", description = "Defaults applied to volume requests.")
    public @interface Config {
        @AttributeDefinition(name = "Default availability zone",
                description = "Zone for a volume created without one; empty lets the scheduler pick any zone.")
        String default_availability_zone() default "";

        @AttributeDefinition(name = "Default volume type",
                description = "Type (name) of a volume created without one, unless its project has its own default.")
        String default_volume_type() default "__DEFAULT__";

        @AttributeDefinition(name = "Message time to live (s)",
                description = "User messages older than this are removed (Cinder's message_ttl).")
        long message_ttl_seconds() default 2592000;

        @AttributeDefinition(name = "Message reap interval (s)", description = "How often old user messages are removed.")
        long message_reap_interval_seconds() default 86400;

        @AttributeDefinition(name = "Enable force upload", description = "Whether an upload to an image with force"
                + " may read an in-use volume (Cinder's enable_force_upload); the data is crash-consistent at best.")
        boolean enable_force_upload() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DefaultVolumeService.class);

    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final BackupStore backups;
    private final AttachmentStore attachments;
    private final VolumeTypeService types;
    private final QuotaService quotas;
    private final CommandSender sender;
    private final VolumeCreation creation;
    private final VolumeImages volumeImages;

    /** The scheduler judges whether a retype may stay on its backend; absent while it is away. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PlacementCheck placement;

    @Activate
    public DefaultVolumeService(@Reference VolumeStore store, @Reference SnapshotStore snapshots,
            @Reference AttachmentStore attachments, @Reference BackupStore backups, @Reference VolumeTypeService types,
            @Reference QuotaService quotas, @Reference CommandJournal journal, @Reference ImageService images,
            Config config) {
        this.store = store;
        this.snapshots = snapshots;
        this.backups = backups;
        this.attachments = attachments;
        this.types = types;
        this.quotas = quotas;
        this.sender = new CommandSender(journal);
        ImageChecks imageChecks = new ImageChecks(images);
        this.creation = new VolumeCreation(store, snapshots, types, quotas, sender, this::get, imageChecks,
                config.default_availability_zone().isBlank() ? null : config.default_availability_zone().trim());
        this.volumeImages = new VolumeImages(store, attachments, images, imageChecks, sender, this::get,
                config.enable_force_upload());
    }

    @Override
    public Volume create(RequestContext context, CreateVolumeRequest request) {
        return creation.create(context, request);
    }

    @Override
    public Volume get(RequestContext context, String volumeId) {
        return store.find(volumeId)
                .filter(volume -> context.canSee(volume.projectId()))
                .orElseThrow(() -> notFound(volumeId));
    }

    @Override
    public List<Volume> query(RequestContext context, VolumeQuery query, boolean allProjects) {
        try {
            return store.query(scoped(context, query, allProjects));
        } catch (MissingRowException markerNotFound) {
            throw new VolumeNotFoundException("Marker " + query.marker() + " could not be found.");
        }
    }

    @Override
    public long count(RequestContext context, VolumeQuery query, boolean allProjects) {
        return store.count(scoped(context, query, allProjects));
    }

    @Override
    public VolumeSummary summarize(RequestContext context, VolumeQuery query, boolean allProjects) {
        return store.summarize(scoped(context, query, allProjects));
    }

    private static VolumeQuery scoped(RequestContext context, VolumeQuery query, boolean allProjects) {
        return query.inProject(context.listedProject(allProjects, query.projectId()));
    }

    @Override
    public Volume update(RequestContext context, String volumeId, VolumeDescription change, Map<String, String> metadata) {
        VolumeDescription checked = InputChecks.description(change);
        Map<String, String> checkedMetadata = metadata == null ? null : InputChecks.metadata(metadata);
        get(context, volumeId);
        if (!store.describe(volumeId, checked)
                || checkedMetadata != null && store.writeMetadata(volumeId, checkedMetadata, true).isEmpty()) {
            throw notFound(volumeId);
        }
        return get(context, volumeId);
    }

    @Override
    public Map<String, String> metadata(RequestContext context, String volumeId) {
        return get(context, volumeId).metadata();
    }

    @Override
    public Map<String, String> writeMetadata(RequestContext context, String volumeId, Map<String, String> metadata,
            boolean replace) {
        Map<String, String> checked = InputChecks.metadata(metadata);
        get(context, volumeId);
        return store.writeMetadata(volumeId, checked, replace).orElseThrow(() -> notFound(volumeId));
    }

    @Override
    public void deleteMetadata(RequestContext context, String volumeId, String key) {
        get(context, volumeId);
        if (!store.deleteMetadata(volumeId, key)) {
            throw new ResourceNotFoundException("Metadata item was not found");
        }
    }

    @Override
    public Map<String, String> imageMetadata(RequestContext context, String volumeId) {
        return volumeImages.metadata(context, volumeId);
    }

    @Override
    public Map<String, String> setImageMetadata(RequestContext context, String volumeId, Map<String, String> pairs) {
        return volumeImages.setMetadata(context, volumeId, pairs);
    }

    @Override
    public void unsetImageMetadata(RequestContext context, String volumeId, String key) {
        volumeImages.unsetMetadata(context, volumeId, key);
    }

    @Override
    public ImageUpload uploadToImage(RequestContext context, String volumeId, ImageUploadRequest request) {
        return volumeImages.upload(context, volumeId, request);
    }

    @Override
    public void reimage(RequestContext context, String volumeId, String imageId, boolean reimageReserved) {
        volumeImages.reimage(context, volumeId, imageId, reimageReserved);
    }

    @Override
    public Volume extend(RequestContext context, String volumeId, int newSizeGb) {
        Volume volume = get(context, volumeId);
        requireStatus(volume, VolumeStatus.AVAILABLE, "extend");
        if (newSizeGb <= volume.sizeGb()) {
            throw new InvalidInputException("New size for extend must be greater than current size. (current: "
                    + volume.sizeGb() + ", extended: " + newSizeGb + ").");
        }
        QuotaLimits limits = quotas.enforced(volume.projectId());
        quotas.checkVolumeSize(limits, newSizeGb);
        ExtendVolume extend = new ExtendVolume(volumeId, context.requestId(), newSizeGb);
        try {
            castToBackend(context, volume, extend, () -> {
                if (!store.startExtend(volumeId, newSizeGb, limits)) {
                    throw wrongStatus(volumeId, VolumeStatus.AVAILABLE, "extend", statusNow(volumeId));
                }
            }, VolumeStatus.EXTENDING, VolumeStatus.AVAILABLE);
        } catch (QuotaExceededException refused) {
            throw quotas.explain(refused);
        }
        LOG.info("[{}] Volume {} extending from {} to {} GiB on {}", context.requestId(), volumeId, volume.sizeGb(),
                newSizeGb, volume.backendHost());
        return store.find(volumeId).orElse(volume);
    }

    @Override
    public Volume resetStatus(RequestContext context, String volumeId, VolumeStatus status) {
        context.authorize("volume_extension:volume_admin_actions:reset_status");
        if (status == VolumeStatus.DELETED) {
            throw new InvalidInputException("A volume cannot be reset to deleted; delete it instead.");
        }
        Volume volume = get(context, volumeId);
        if (!store.reset(volumeId, volume.status(), status, null)) {
            throw new InvalidVolumeStateException("Volume " + volumeId + " changed status while it was being reset;"
                    + " try again.");
        }
        LOG.warn("[{}] Volume {} status reset from {} to {} by {}", context.requestId(), volumeId,
                volume.status().wireName(), status.wireName(), context.userId());
        return get(context, volumeId);
    }

    @Override
    public Volume setBootable(RequestContext context, String volumeId, boolean bootable) {
        get(context, volumeId);
        if (!store.setFlags(volumeId, bootable, null)) {
            throw notFound(volumeId);
        }
        return get(context, volumeId);
    }

    @Override
    public Volume setReadOnly(RequestContext context, String volumeId, boolean readOnly) {
        Volume volume = get(context, volumeId);
        requireStatus(volume, VolumeStatus.AVAILABLE, "update readonly flag");
        if (!store.setFlags(volumeId, null, readOnly)) {
            throw notFound(volumeId);
        }
        return get(context, volumeId);
    }

    @Override
    public Volume forceDelete(RequestContext context, String volumeId) {
        context.authorize("volume_extension:volume_admin_actions:force_delete");
        Volume volume = get(context, volumeId);
        if (volume.status() == VolumeStatus.DELETING) {
            throw new InvalidVolumeStateException("Volume " + volumeId + " is already being deleted.");
        }
        if (!attachments.ofVolume(volumeId).isEmpty()) {
            // As Cinder: not even a force delete takes a volume from its consumers.
            throw new InvalidVolumeStateException("Volume " + volumeId + " must not be attached to be deleted; delete its"
                    + " attachments (or force-detach it) first.");
        }
        // Whatever its status, but not from under its snapshots: their data lives with the volume.
        Volume deleting = deleteFromBackend(context, volume, false);
        LOG.warn("[{}] Volume {} force-deleted from status {} by {}", context.requestId(), volumeId,
                volume.status().wireName(), context.userId());
        return deleting;
    }

    @Override
    public Volume delete(RequestContext context, String volumeId, boolean cascade) {
        Volume volume = get(context, volumeId);
        if (!volume.status().isDeletable()) {
            throw notDeletable(volume.status());
        }
        return deleteFromBackend(context, volume, cascade);
    }

    /** Moves the volume to {@code deleting} (with its snapshots when cascading), or says why it cannot. */
    private void startDelete(Volume volume, boolean cascade) {
        if (store.startDelete(volume.id(), volume.status(), cascade)) {
            return;
        }
        List<Snapshot> dependents = snapshots.ofVolume(volume.id());
        if (!dependents.isEmpty()) {
            throw new InvalidVolumeStateException(cascade
                    ? "Volume " + volume.id() + " has a snapshot being created or deleted; try again once it settled."
                    : "Volume still has " + dependents.size() + " dependent snapshots.");
        }
        if (backups.ofVolume(volume.id()).stream().anyMatch(backup -> backup.status() == BackupStatus.CREATING)) {
            // A backup that reads it through a temporary copy must finish first.
            throw new InvalidVolumeStateException("Volume " + volume.id() + " is being backed up; try again once the"
                    + " backup is finished.");
        }
        // Another request moved it first: report what it is now.
        throw notDeletable(statusNow(volume.id()));
    }

    @Override
    public Volume revert(RequestContext context, String volumeId, String snapshotId) {
        Volume volume = get(context, volumeId);
        requireStatus(volume, VolumeStatus.AVAILABLE, "revert");
        List<Snapshot> all = snapshots.ofVolume(volumeId);
        Snapshot snapshot = all.stream().filter(found -> found.id().equals(snapshotId)).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("Snapshot " + snapshotId + " could not be found."));
        if (!all.get(0).id().equals(snapshotId)) {
            throw new InvalidInputException("Cinder only supports reverting a volume to its latest snapshot, which is "
                    + all.get(0).id() + ".");
        }
        if (snapshot.status() != SnapshotStatus.AVAILABLE) {
            throw new InvalidInputException("Snapshot " + snapshotId + " status must be available to revert to,"
                    + " but current status is: " + snapshot.status().wireName() + ".");
        }
        castToBackend(context, volume, new RevertToSnapshot(volumeId, context.requestId(), snapshotId),
                () -> moveOrExplain(volume, VolumeStatus.AVAILABLE, VolumeStatus.REVERTING, "revert"),
                VolumeStatus.REVERTING, VolumeStatus.AVAILABLE);
        LOG.info("[{}] Volume {} reverting to snapshot {} on {}", context.requestId(), volumeId, snapshotId,
                volume.backendHost());
        return store.find(volumeId).orElse(volume);
    }

    @Override
    public Volume retype(RequestContext context, String volumeId, String newType, String migrationPolicy) {
        if (migrationPolicy != null && !migrationPolicy.equals("never") && !migrationPolicy.equals("on-demand")) {
            throw new InvalidInputException("migration_policy must be 'on-demand' or 'never', passed: "
                    + migrationPolicy);
        }
        Volume volume = get(context, volumeId);
        requireStatus(volume, VolumeStatus.AVAILABLE, "retype");
        VolumeType type = types.resolve(context, newType);
        if (type.id().equals(volume.volumeTypeId())) {
            throw new InvalidInputException("New volume_type same as original: " + newType + ".");
        }
        Optional<String> refusal = placementRefusal(context, volume, type);
        if (refusal.isPresent()) {
            throw new InvalidInputException("Retype requires migration but is not allowed: volume " + volumeId
                    + " is on backend " + volume.backendHost() + ", which does not fit type " + type.name() + " ("
                    + refusal.get() + ")" + ("on-demand".equals(migrationPolicy)
                            ? "; migration to another backend is not available in this release." : "."));
        }
        boolean changed;
        try {
            changed = store.changeType(volumeId, VolumeStatus.AVAILABLE, volume.volumeTypeId(), type.id(),
                    quotas.enforced(volume.projectId()));
        } catch (QuotaExceededException refused) {
            throw quotas.explain(refused);
        }
        if (!changed) {
            throw new InvalidVolumeStateException("Volume " + volumeId + " changed (status " + statusNow(volumeId).wireName()
                    + ") while it was being retyped; try again.");
        }
        LOG.info("[{}] Volume {} retyped to {} on {}", context.requestId(), volumeId, type.name(), volume.backendHost());
        return get(context, volumeId);
    }

    /** Why the scheduler would not keep the volume on its backend with the type's extra specs, if it would not. */
    private Optional<String> placementRefusal(RequestContext context, Volume volume, VolumeType type) {
        PlacementCheck check = placement;
        String unavailable = "the scheduler is not running";
        if (check != null) {
            try {
                return check.refusal(volume, type.id());
            } catch (IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        LOG.warn("[{}] Retype of volume {} refused: {}", context.requestId(), volume.id(), unavailable);
        throw new ServiceUnavailableException("The scheduler cannot check a retype right now; try again later.");
    }

    /**
     * Moves the volume to {@code deleting} and has its backend remove it, after which the row goes.
     * A volume never placed on a backend (e.g. no backend fitted) has nothing to remove but the row.
     */
    private Volume deleteFromBackend(RequestContext context, Volume volume, boolean cascade) {
        String volumeId = volume.id();
        if (volume.host() == null) {
            startDelete(volume, cascade);
            store.transition(volumeId, VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE);
            LOG.info("[{}] Volume {} had no backend and was deleted", context.requestId(), volumeId);
            return store.find(volumeId).orElse(volume);
        }
        castToBackend(context, volume, new DeleteVolume(volumeId, context.requestId()),
                () -> startDelete(volume, cascade), VolumeStatus.DELETING, VolumeStatus.ERROR_DELETING);
        LOG.info("[{}] Volume {} deleting on {}", context.requestId(), volumeId, volume.backendHost());
        return store.find(volumeId).orElse(volume);
    }

    /**
     * Moves the volume to {@code pending} with {@code move} (which throws when it cannot) and sends
     * a command to its backend. When the broker cannot take it, the volume moves on to
     * {@code fallback} so that it does not wait for a request that never left.
     */
    private void castToBackend(RequestContext context, Volume volume, VolumeCommand command, Runnable move,
            VolumeStatus pending, VolumeStatus fallback) {
        sender.writeAndSend(context, Destinations.volumeManager(volume.backendHost()), command,
                "volume " + volume.id(), () -> {
                    move.run();
                    return volume.id();
                }, () -> store.transition(volume.id(), pending, fallback,
                        VolumeChange.reason(CommandSender.notQueued(command))));
    }

    /** A guarded move for an operation; when another request won the race, says what the volume is now. */
    private void moveOrExplain(Volume volume, VolumeStatus from, VolumeStatus to, String operation) {
        if (!store.transition(volume.id(), from, to, VolumeChange.NONE)) {
            throw wrongStatus(volume.id(), from, operation, statusNow(volume.id()));
        }
    }

    /** Refuses an operation on a volume that is not in the status it needs. */
    private static void requireStatus(Volume volume, VolumeStatus required, String operation) {
        if (volume.status() != required) {
            throw wrongStatus(volume.id(), required, operation, volume.status());
        }
    }

    private static InvalidVolumeStateException wrongStatus(String volumeId, VolumeStatus required, String operation,
            VolumeStatus now) {
        return new InvalidVolumeStateException("Volume " + volumeId + " status must be " + required.wireName() + " to "
                + operation + ", but current status is: " + now.wireName() + ".");
    }

    private static InvalidVolumeStateException notDeletable(VolumeStatus now) {
        return new InvalidVolumeStateException("Volume status must be available or error or error_deleting"
                + " or error_extending, but current status is: " + now.wireName() + ".");
    }

    /** The volume's status now, after a guarded change found it moved; {@code deleted} when it is gone. */
    private VolumeStatus statusNow(String volumeId) {
        return store.find(volumeId).map(Volume::status).orElse(VolumeStatus.DELETED);
    }

    private static VolumeNotFoundException notFound(String volumeId) {
        return new VolumeNotFoundException("Volume " + volumeId + " could not be found.");
    }


}
