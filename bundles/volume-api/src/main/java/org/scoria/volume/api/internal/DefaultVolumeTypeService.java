package org.scoria.volume.api.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NameInUseException;
import org.scoria.persistence.TypeLabel;
import org.scoria.persistence.VolumeType;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.volume.api.ConflictException;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.PolicyNotAuthorizedException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.VolumeTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cinder's types_manage, types_extra_specs, volume_type_access and default_types, over the type store. */
@Component(service = VolumeTypeService.class, configurationPid = "org.scoria.volume.api")
public class DefaultVolumeTypeService implements VolumeTypeService {

    /** Extra specs Cinder shows to users who are not administrators. */
    private static final Set<String> USER_VISIBLE_SPECS = Set.of("RESKEY:availability_zones", "multiattach",
            "replication_enabled");

    private static final Logger LOG = LoggerFactory.getLogger(DefaultVolumeTypeService.class);

    private final VolumeTypeStore store;
    private final String configuredDefault;

    @Activate
    public DefaultVolumeTypeService(@Reference VolumeTypeStore store, DefaultVolumeService.Config config) {
        this.store = store;
        this.configuredDefault = config.default_volume_type().isBlank() ? VolumeType.DEFAULT_NAME
                : config.default_volume_type().trim();
    }

    @Override
    public VolumeType create(RequestContext context, String name, String description, Boolean isPublic,
            Map<String, String> extraSpecs) {
        context.authorize("volume_extension:types_manage");
        String checkedName = checkedName(name);
        String checkedDescription = InputChecks.text("description", description);
        Map<String, String> checkedSpecs = InputChecks.metadata(extraSpecs);
        try {
            VolumeType type = store.create(checkedName, checkedDescription, isPublic == null || isPublic, checkedSpecs);
            LOG.info("[{}] Volume type {} ({}) created by {}", context.requestId(), type.name(), type.id(),
                    context.userId());
            return type;
        } catch (NameInUseException e) {
            throw new ConflictException("Volume Type " + checkedName + " already exists.");
        }
    }

    @Override
    public VolumeType get(RequestContext context, String typeId) {
        return store.find(typeId).filter(type -> context.admin() || store.accessible(type, context.projectId()))
                .orElseThrow(() -> notFound(typeId));
    }

    @Override
    public List<VolumeType> list(RequestContext context, Boolean isPublic) {
        if (!context.admin()) {
            return store.list(context.projectId(), true);
        }
        // Cinder: an administrator's default listing is that of their project; is_public=None shows all.
        return Boolean.TRUE.equals(isPublic) ? store.list(context.projectId(), true) : store.list(null, isPublic);
    }

    @Override
    public VolumeType update(RequestContext context, String typeId, String name, String description, Boolean isPublic) {
        context.authorize("volume_extension:types_manage");
        if (name == null && description == null && isPublic == null) {
            throw new InvalidInputException("Specify volume type name, description, is_public or a combination thereof.");
        }
        String checkedName = name == null ? null : checkedName(name);
        VolumeType type = get(context, typeId);
        if (checkedName != null && !checkedName.equals(type.name()) && isDefault(type)) {
            throw new InvalidInputException("The default volume type " + type.name() + " cannot be renamed.");
        }
        try {
            return store.update(typeId, checkedName, InputChecks.text("description", description),
                    isPublic).orElseThrow(() -> notFound(typeId));
        } catch (NameInUseException e) {
            throw new ConflictException("Volume Type " + checkedName + " already exists.");
        }
    }

    @Override
    public void delete(RequestContext context, String typeId) {
        context.authorize("volume_extension:types_manage");
        VolumeType type = get(context, typeId);
        if (isDefault(type)) {
            throw new InvalidInputException("Default volume type can not be deleted.");
        }
        switch (store.delete(typeId)) {
            case DELETED -> LOG.info("[{}] Volume type {} ({}) deleted by {}", context.requestId(), type.name(), typeId,
                    context.userId());
            case IN_USE -> throw new InvalidInputException("Target volume type is still in use.");
            case PROJECT_DEFAULT -> throw new InvalidInputException("Volume type " + typeId
                    + " is the default type of a project; unset that default first.");
            case NOT_FOUND -> throw notFound(typeId);
        }
    }

    @Override
    public Map<String, String> visibleExtraSpecs(RequestContext context, VolumeType type) {
        if (context.admin()) {
            return type.extraSpecs();
        }
        Map<String, String> visible = new TreeMap<>(type.extraSpecs());
        visible.keySet().retainAll(USER_VISIBLE_SPECS);
        return visible;
    }

    @Override
    public Map<String, String> writeExtraSpecs(RequestContext context, String typeId, Map<String, String> extraSpecs) {
        context.authorize("volume_extension:types_extra_specs:create");
        Map<String, String> checked = InputChecks.metadata(extraSpecs);
        get(context, typeId);
        store.writeExtraSpecs(typeId, checked).orElseThrow(() -> notFound(typeId));
        return checked;
    }

    @Override
    public void deleteExtraSpec(RequestContext context, String typeId, String key) {
        context.authorize("volume_extension:types_extra_specs:delete");
        get(context, typeId);
        if (!store.deleteExtraSpec(typeId, key)) {
            throw new ResourceNotFoundException("Volume Type " + typeId + " has no extra specs with key " + key + ".");
        }
    }

    @Override
    public List<String> projects(RequestContext context, String typeId) {
        context.authorize("volume_extension:volume_type_access");
        VolumeType type = get(context, typeId);
        if (type.isPublic()) {
            throw new ResourceNotFoundException("Access list not available for public volume types.");
        }
        return store.projects(typeId);
    }

    @Override
    public void addProject(RequestContext context, String typeId, String projectId) {
        context.authorize("volume_extension:volume_type_access:addProjectAccess");
        VolumeType type = privateType(context, typeId);
        if (!store.addProject(type.id(), checkedProject(projectId))) {
            throw new ConflictException("Volume type access for " + typeId + " / " + projectId
                    + " combination already exists.");
        }
        LOG.info("[{}] Project {} may use volume type {} now", context.requestId(), projectId, type.name());
    }

    @Override
    public void removeProject(RequestContext context, String typeId, String projectId) {
        context.authorize("volume_extension:volume_type_access:removeProjectAccess");
        VolumeType type = privateType(context, typeId);
        if (!store.removeProject(type.id(), checkedProject(projectId))) {
            throw new ResourceNotFoundException("Volume type access not found for " + typeId + " / " + projectId
                    + " combination.");
        }
    }

    @Override
    public Map<String, TypeLabel> labels() {
        return store.labels();
    }

    @Override
    public VolumeType defaultType(RequestContext context) {
        Optional<VolumeType> own = store.projectDefault(context.projectId()).flatMap(store::find);
        return own.or(() -> store.findByName(configuredDefault))
                .or(() -> store.findByName(VolumeType.DEFAULT_NAME))
                .orElseThrow(() -> new ResourceNotFoundException("Default volume type can not be found."));
    }

    @Override
    public VolumeType resolve(RequestContext context, String nameOrId) {
        return store.find(nameOrId).or(() -> store.findByName(nameOrId))
                .filter(type -> context.admin() || store.accessible(type, context.projectId()))
                .orElseThrow(() -> new ResourceNotFoundException("Volume type with name " + nameOrId
                        + " could not be found."));
    }

    @Override
    public Map<String, String> projectDefaults(RequestContext context) {
        context.authorize("volume_extension:default_get_all");
        return store.projectDefaults();
    }

    @Override
    public String projectDefault(RequestContext context, String projectId) {
        if (!context.canSee(projectId)) {
            throw new PolicyNotAuthorizedException("volume_extension:default_get");
        }
        return store.projectDefault(projectId).orElseThrow(() -> new ResourceNotFoundException(
                "Default type for project " + projectId + " not found."));
    }

    @Override
    public String setProjectDefault(RequestContext context, String projectId, String nameOrId) {
        context.authorize("volume_extension:default_set_or_update");
        VolumeType type = resolve(context, nameOrId);
        if (!store.setProjectDefault(checkedProject(projectId), type.id())) {
            throw notFound(type.id());
        }
        LOG.info("[{}] Project {} defaults to volume type {} now", context.requestId(), projectId, type.name());
        return type.id();
    }

    @Override
    public void clearProjectDefault(RequestContext context, String projectId) {
        context.authorize("volume_extension:default_unset");
        if (!store.clearProjectDefault(projectId)) {
            throw new ResourceNotFoundException("Default type for project " + projectId + " not found.");
        }
    }

    private VolumeType privateType(RequestContext context, String typeId) {
        VolumeType type = get(context, typeId);
        if (type.isPublic()) {
            throw new InvalidInputException("Invalid volume type: Type access modification is not applicable to"
                    + " public volume type.");
        }
        return type;
    }

    private boolean isDefault(VolumeType type) {
        return type.name().equals(configuredDefault) || type.name().equals(VolumeType.DEFAULT_NAME);
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("Volume type name can not be empty.");
        }
        return InputChecks.text("name", name);
    }

    private static String checkedProject(String projectId) {
        if (projectId == null || projectId.isBlank() || projectId.length() > InputChecks.MAX_TEXT_LENGTH) {
            throw new InvalidInputException("A project id of 1 to 255 characters is required.");
        }
        return projectId;
    }

    private static ResourceNotFoundException notFound(String typeId) {
        return new ResourceNotFoundException("Volume type " + typeId + " could not be found.");
    }
}
