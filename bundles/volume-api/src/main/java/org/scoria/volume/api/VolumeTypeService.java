package org.scoria.volume.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.TypeLabel;
import org.scoria.persistence.VolumeType;

/**
 * Volume types, their extra specs and access, and default types, with Cinder's policies: anyone
 * lists and shows the types they may use; administrators manage them.
 *
 * @since 2.1
 */
@ProviderType
public interface VolumeTypeService {

    /** @throws ConflictException when a live type has the name */
    VolumeType create(RequestContext context, String name, String description, Boolean isPublic,
            Map<String, String> extraSpecs);

    /** @throws ResourceNotFoundException when there is no such type or it is private and not the caller's */
    VolumeType get(RequestContext context, String typeId);

    /**
     * The types the caller may use, by name; an administrator may also ask for private types only
     * ({@code isPublic} false) or for all of them ({@code null}).
     */
    List<VolumeType> list(RequestContext context, Boolean isPublic);

    VolumeType update(RequestContext context, String typeId, String name, String description, Boolean isPublic);

    void delete(RequestContext context, String typeId);

    /** The extra specs the caller may see: all of them for an administrator, the user-visible ones otherwise. */
    Map<String, String> visibleExtraSpecs(RequestContext context, VolumeType type);

    Map<String, String> writeExtraSpecs(RequestContext context, String typeId, Map<String, String> extraSpecs);

    void deleteExtraSpec(RequestContext context, String typeId, String key);

    List<String> projects(RequestContext context, String typeId);

    void addProject(RequestContext context, String typeId, String projectId);

    void removeProject(RequestContext context, String typeId, String projectId);

    /**
     * Every live type's name and whether it is encrypted, by id, in one read: what a volume view
     * shows of its type, to whoever sees the volume.
     *
     * @since 3.2
     */
    Map<String, TypeLabel> labels();

    /** The type a volume of the caller's project gets when it names none. */
    VolumeType defaultType(RequestContext context);

    /**
     * The type named (by id or name) in a volume request, which the caller must be allowed to use.
     *
     * @throws ResourceNotFoundException otherwise
     */
    VolumeType resolve(RequestContext context, String nameOrId);

    /** Every project's own default type, project to type id (administrators). */
    Map<String, String> projectDefaults(RequestContext context);

    /** A project's own default type's id (administrators, or the project itself). */
    String projectDefault(RequestContext context, String projectId);

    /** Sets a project's own default type, named by id or name; its id. */
    String setProjectDefault(RequestContext context, String projectId, String nameOrId);

    void clearProjectDefault(RequestContext context, String projectId);
}
