package org.scoria.volume.api.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeDescription;
import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeSummary;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ServiceUnavailableException;
import org.scoria.volume.api.VolumeNotFoundException;
import org.scoria.volume.api.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cinder's create and delete flows on the API side: validate, write the row, cast. */
@Component(service = VolumeService.class, configurationPid = "org.scoria.volume.api")
@Designate(ocd = DefaultVolumeService.Config.class)
public class DefaultVolumeService implements VolumeService {

    @ObjectClassDefinition(name = "Scoria volume API", description = "Defaults applied to volume requests.")
    public @interface Config {
        @AttributeDefinition(name = "Default availability zone",
                description = "Zone for a volume created without one; empty lets the scheduler pick any zone.")
        String default_availability_zone() default "";
    }

    static final int MAX_TEXT_LENGTH = 255;

    private static final Logger LOG = LoggerFactory.getLogger(DefaultVolumeService.class);

    private final VolumeStore store;
    private final CommandBus bus;
    private final String defaultAvailabilityZone;

    @Activate
    public DefaultVolumeService(@Reference VolumeStore store, @Reference CommandBus bus, Config config) {
        this.store = store;
        this.bus = bus;
        this.defaultAvailabilityZone = config.default_availability_zone().isBlank()
                ? null : config.default_availability_zone().trim();
    }

    @Override
    public Volume create(RequestContext context, CreateVolumeRequest request) {
        Integer size = request.sizeGb();
        if (size == null || size < 1) {
            throw new InvalidInputException("Volume size '" + (size == null ? "None" : size)
                    + "' must be an integer and greater than 0.");
        }
        String zone = request.availabilityZone() == null ? defaultAvailabilityZone : request.availabilityZone();
        if (zone != null && (zone.isEmpty() || zone.length() > MAX_TEXT_LENGTH)) {
            throw new InvalidInputException("Availability zone must be 1 to " + MAX_TEXT_LENGTH + " characters long.");
        }
        NewVolume volume = new NewVolume(context.projectId(), context.userId(),
                checkedText("name", request.name()), checkedText("description", request.description()), size, zone);

        Volume created = store.create(volume);
        try {
            bus.send(Destinations.SCHEDULER,
                    new Command(Command.SCHEDULE_CREATE_VOLUME, created.id(), context.requestId()));
        } catch (MessagingException e) {
            // The request never reached the scheduler: keep nothing of it, so no volume waits forever.
            store.purge(created.id());
            LOG.error("[{}] Volume create refused, the scheduler queue is unreachable: {}",
                    context.requestId(), e.getMessage());
            throw new ServiceUnavailableException("The volume service cannot take requests right now; try again later.");
        }
        LOG.info("[{}] Volume {} ({} GiB) of project {} accepted", context.requestId(), created.id(), size,
                context.projectId());
        return created;
    }

    @Override
    public Volume get(RequestContext context, String volumeId) {
        return store.find(volumeId)
                .filter(volume -> context.admin() || volume.projectId().equals(context.projectId()))
                .orElseThrow(() -> new VolumeNotFoundException("Volume " + volumeId + " could not be found."));
    }

    @Override
    public List<Volume> query(RequestContext context, VolumeQuery query, boolean allProjects) {
        try {
            return store.query(scoped(context, query, allProjects));
        } catch (IllegalArgumentException markerNotFound) {
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

    /** Cinder ignores {@code all_tenants} from a caller who is not an administrator. */
    private static VolumeQuery scoped(RequestContext context, VolumeQuery query, boolean allProjects) {
        String project = allProjects && context.admin() ? query.projectId() : context.projectId();
        return new VolumeQuery(project, query.name(), query.nameContains(), query.status(), query.availabilityZone(),
                query.sort(), query.marker(), query.offset(), query.limit());
    }

    @Override
    public Volume update(RequestContext context, String volumeId, VolumeDescription change) {
        VolumeDescription checked = new VolumeDescription(change.setName(), checkedText("name", change.name()),
                change.setDescription(), checkedText("description", change.description()));
        get(context, volumeId);
        if (!store.describe(volumeId, checked)) {
            throw new VolumeNotFoundException("Volume " + volumeId + " could not be found.");
        }
        return get(context, volumeId);
    }

    @Override
    public Volume delete(RequestContext context, String volumeId) {
        Volume volume = get(context, volumeId);
        if (!volume.status().isDeletable()
                || !store.transition(volumeId, volume.status(), VolumeStatus.DELETING, VolumeChange.NONE)) {
            // Either its status forbids it or another request moved it first: report what it is now.
            VolumeStatus now = store.find(volumeId).map(Volume::status).orElse(VolumeStatus.DELETED);
            throw new InvalidVolumeStateException("Volume status must be available or error or error_deleting,"
                    + " but current status is: " + now.wireName() + ".");
        }
        if (volume.host() == null) {
            // Never placed on a backend (e.g. no backend fitted): there is nothing to remove but the row.
            store.transition(volumeId, VolumeStatus.DELETING, VolumeStatus.DELETED, VolumeChange.NONE);
            LOG.info("[{}] Volume {} had no backend and was deleted", context.requestId(), volumeId);
            return store.find(volumeId).orElse(volume);
        }
        try {
            bus.send(Destinations.volumeManager(volume.backendHost()),
                    new Command(Command.DELETE_VOLUME, volumeId, context.requestId()));
        } catch (MessagingException e) {
            store.transition(volumeId, VolumeStatus.DELETING, VolumeStatus.ERROR_DELETING,
                    VolumeChange.reason("The delete request could not reach the volume manager; delete again."));
            LOG.error("[{}] Volume {} delete could not be queued for {}: {}", context.requestId(), volumeId,
                    volume.backendHost(), e.getMessage());
            throw new ServiceUnavailableException("The volume service cannot take requests right now; try again later.");
        }
        LOG.info("[{}] Volume {} deleting on {}", context.requestId(), volumeId, volume.backendHost());
        return store.find(volumeId).orElse(volume);
    }

    /**
     * Cinder strips names and descriptions before checking and storing them; an all-spaces
     * name is therefore stored as the empty string, as Cinder does.
     */
    static String checkedText(String field, String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException(field + " has " + stripped.length() + " characters, more than "
                    + MAX_TEXT_LENGTH + ".");
        }
        return stripped;
    }
}
