package org.scoria.volume.api.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.scoria.messaging.Destinations;
import org.scoria.messaging.command.ImageSource;
import org.scoria.messaging.command.Placement;
import org.scoria.messaging.command.ScheduleCreateVolume;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.scheduler.JsonQuery;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.VolumeNotFoundException;
import org.scoria.volume.api.VolumeTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's create on the API side: the request checked (size, zone, type, the snapshot or volume
 * it copies, scheduler hints), the volume's row written within its project's quota, and its
 * placement journaled and sent to the scheduler; a create that never left keeps nothing of itself.
 */
final class VolumeCreation {

    /** Well within the journal's 32,672-character command column, with the rest of the command. */
    private static final int MAX_HINTS_LENGTH = 16_000;
    private static final Logger LOG = LoggerFactory.getLogger(VolumeCreation.class);

    /** Looks a volume up as the caller may see it. */
    @FunctionalInterface
    interface VolumeLookup {
        Volume get(RequestContext context, String volumeId);
    }

    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final VolumeTypeService types;
    private final QuotaService quotas;
    private final CommandSender sender;
    private final VolumeLookup volumes;
    private final ImageChecks images;
    private final String defaultAvailabilityZone;

    VolumeCreation(VolumeStore store, SnapshotStore snapshots, VolumeTypeService types, QuotaService quotas,
            CommandSender sender, VolumeLookup volumes, ImageChecks images, String defaultAvailabilityZone) {
        this.store = store;
        this.snapshots = snapshots;
        this.types = types;
        this.quotas = quotas;
        this.sender = sender;
        this.volumes = volumes;
        this.images = images;
        this.defaultAvailabilityZone = defaultAvailabilityZone;
    }

    /** Checks the request, writes the volume's row and hands its placement to the scheduler. */
    Volume create(RequestContext context, CreateVolumeRequest request) {
        if (request.imageRef() != null && (request.snapshotId() != null || request.sourceVolumeId() != null)) {
            throw new InvalidInputException("A volume is made from one source at most: a snapshot, a source volume"
                    + " or an image.");
        }
        Origin origin = origin(context, request);
        Integer size = request.sizeGb() == null && origin != null ? Integer.valueOf(origin.minimumSizeGb())
                : request.sizeGb();
        if (origin != null && size != null && size < origin.minimumSizeGb()) {
            throw new InvalidInputException("Volume size '" + size + "'GB cannot be smaller than the " + origin.kind()
                    + " size " + origin.minimumSizeGb() + "GB. They must be >= original " + origin.kind() + " size.");
        }
        if (size == null || size < 1) {
            throw new InvalidInputException("Volume size '" + (size == null ? "None" : size)
                    + "' must be an integer and greater than 0.");
        }
        String zone = request.availabilityZone() == null ? defaultAvailabilityZone : request.availabilityZone();
        if (zone != null && (zone.isEmpty() || zone.length() > InputChecks.MAX_TEXT_LENGTH)) {
            throw new InvalidInputException("Availability zone must be 1 to " + InputChecks.MAX_TEXT_LENGTH + " characters long.");
        }
        String name = InputChecks.text("name", request.name());
        String description = InputChecks.text("description", request.description());
        Map<String, String> metadata = InputChecks.metadata(request.metadata());
        ImageChecks.CheckedImage checked = request.imageRef() == null ? null
                : images.check(context, request.imageRef(), size);
        ImageSource image = checked == null ? null : checked.source();
        // As Cinder: a type asked for, else the one the image names, else the default.
        String askedType = request.volumeType() != null || checked == null ? request.volumeType() : checked.volumeType();
        NewVolume volume = new NewVolume(context.projectId(), context.userId(), name, description, size,
                origin != null ? origin.volume().availabilityZone() : zone,
                origin != null && origin.snapshot() != null ? origin.snapshot().id() : null,
                origin != null && origin.snapshot() == null ? origin.volume().id() : null,
                typeOf(context, askedType, origin), metadata);

        QuotaLimits limits = quotas.enforced(context.projectId());
        quotas.checkVolumeSize(limits, size);
        Map<String, String> hints = hintArguments(context, request, origin);
        // A copy of a volume's data is made where that data is: on the source's backend.
        Placement placement = origin != null ? Placement.copyOn(origin.volume().host()) : Placement.hinted(hints);
        String volumeId = UUID.randomUUID().toString();
        ScheduleCreateVolume command = new ScheduleCreateVolume(volumeId, context.requestId(), placement, image);
        Volume created;
        try {
            // A create that never left keeps nothing of itself.
            created = sender.writeAndSend(context, Destinations.SCHEDULER, command, "volume " + volumeId,
                    () -> store.create(volumeId, volume, limits), () -> store.purge(volumeId));
        } catch (QuotaExceededException refused) {
            LOG.info("[{}] Volume create refused for project {}: {}", context.requestId(), context.projectId(),
                    refused.getMessage());
            throw quotas.explain(refused);
        } catch (MissingRowException typeDeleted) {
            throw new ResourceNotFoundException("Volume type " + volume.volumeTypeId() + " could not be found.");
        }
        LOG.info("[{}] Volume {} ({} GiB) of project {} accepted{}", context.requestId(), created.id(), size,
                context.projectId(), origin != null ? " as a copy of " + origin.kind() + " "
                        + (origin.snapshot() != null ? origin.snapshot().id() : origin.volume().id())
                        : image != null ? " from image " + image.imageId() : "");
        return created;
    }

    /**
     * The type a new volume gets: a copy keeps its origin's type (naming another is refused, as
     * Cinder refuses it), else the type asked for, else the project's default type.
     */
    private String typeOf(RequestContext context, String asked, Origin origin) {
        if (origin != null) {
            String inherited = origin.volume().volumeTypeId();
            if (asked != null && !types.resolve(context, asked).id().equals(inherited)) {
                throw new InvalidInputException("Invalid volume_type provided: " + asked + " (requested type is not"
                        + " compatible; recommend omitting the type argument).");
            }
            return inherited;
        }
        return (asked != null ? types.resolve(context, asked) : types.defaultType(context)).id();
    }

    /**
     * The scheduler hints as the scheduler's command carries them: the volumes named, which the
     * caller must be able to see. A copy is made where its source is, so hints cannot apply.
     */
    private Map<String, String> hintArguments(RequestContext context, CreateVolumeRequest request, Origin origin) {
        if (request.schedulerHints().isEmpty()) {
            return Map.of();
        }
        if (origin != null) {
            throw new InvalidInputException("Scheduler hints do not apply to a volume created from a snapshot or a"
                    + " volume: it is made on its source's backend.");
        }
        // Checked before anything is read: hints travel with the create's command, journaled in a bounded column.
        int length = request.schedulerHints().values().stream().flatMap(List::stream).mapToInt(value -> value.length() + 1)
                .sum();
        if (length > MAX_HINTS_LENGTH) {
            throw new InvalidInputException("Scheduler hints are too long: " + length + " characters, at most "
                    + MAX_HINTS_LENGTH + ".");
        }
        Map<String, String> arguments = new HashMap<>();
        request.schedulerHints().forEach((hint, values) -> {
            if (hint.equals(Placement.QUERY)) {
                try {
                    arguments.put(hint, JsonQuery.parse(String.join("", values)).toJson());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("Invalid scheduler hint query: " + e.getMessage());
                }
                return;
            }
            values.stream().distinct().forEach(id -> volumes.get(context, id));
            arguments.put(hint, String.join(",", values));
        });
        return arguments;
    }

    /** What a new volume copies: a snapshot of a volume, or a volume itself ({@code snapshot} null). */
    private record Origin(Volume volume, Snapshot snapshot) {
        int minimumSizeGb() {
            return snapshot != null ? snapshot.volumeSizeGb() : volume.sizeGb();
        }

        String kind() {
            return snapshot != null ? "snapshot" : "source volume";
        }
    }

    /** The snapshot or source volume a create asks to copy, checked; {@code null} for an empty volume. */
    private Origin origin(RequestContext context, CreateVolumeRequest request) {
        if (request.snapshotId() != null && request.sourceVolumeId() != null) {
            throw new InvalidInputException("A volume is created from a snapshot or from a source volume, not both.");
        }
        if (request.snapshotId() != null) {
            Snapshot snapshot = snapshots.find(request.snapshotId())
                    .filter(found -> context.canSee(found.projectId()))
                    .orElseThrow(() -> new ResourceNotFoundException("Snapshot " + request.snapshotId()
                            + " could not be found."));
            if (snapshot.status() != SnapshotStatus.AVAILABLE) {
                throw new InvalidInputException("Originating snapshot status must be one of 'available' values,"
                        + " but it is " + snapshot.status().wireName() + ".");
            }
            return new Origin(store.find(snapshot.volumeId()).orElseThrow(() -> new VolumeNotFoundException("Volume " + snapshot.volumeId()
                    + " could not be found.")), snapshot);
        }
        if (request.sourceVolumeId() != null) {
            Volume source = volumes.get(context, request.sourceVolumeId());
            if (source.status() != VolumeStatus.AVAILABLE) {
                throw new InvalidVolumeStateException("Source volume " + source.id() + " status must be available,"
                        + " but current status is: " + source.status().wireName() + ".");
            }
            return new Origin(source, null);
        }
        return null;
    }
}
