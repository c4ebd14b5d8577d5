package org.scoria.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Volume types, their extra specs, which projects may use the private ones, and the projects'
 * default types. Names are unique among live types, enforced by the database.
 *
 * @since 2.1
 */
@ProviderType
public interface VolumeTypeStore {

    /** Why a delete did not happen. */
    enum Deletion {
        DELETED,
        /** No such live type. */
        NOT_FOUND,
        /** Live volumes have the type. */
        IN_USE,
        /** A project has it as its default type. */
        PROJECT_DEFAULT
    }

    /** @throws NameInUseException when a live type has the name */
    VolumeType create(String name, String description, boolean isPublic, Map<String, String> extraSpecs);

    Optional<VolumeType> find(String id);

    Optional<VolumeType> findByName(String name);

    /**
     * Live types, by name.
     *
     * @param projectId {@code null} for every type; else the public ones (if {@code isPublic}
     *                  allows them) and the private ones the project may use
     * @param isPublic  only public types ({@code true}), only private ones ({@code false}), or both
     */
    List<VolumeType> list(String projectId, Boolean isPublic);

    /** Every live type's name by id, read in one light query (no extra specs), for showing volumes' types. */
    Map<String, String> names();

    /**
     * Every live type's name and whether it is encrypted, by id, in one light query: what volume
     * views show of their types.
     *
     * @since 3.4
     */
    Map<String, TypeLabel> labels();

    /** Whether the project may use the type: it is public, or the project was given access. */
    boolean accessible(VolumeType type, String projectId);

    /**
     * Changes what is not {@code null}.
     *
     * @return the type now, or empty when there is no such live type
     * @throws NameInUseException when another live type has the new name
     */
    Optional<VolumeType> update(String id, String name, String description, Boolean isPublic);

    /**
     * Soft-deletes a type no live volume has and no project defaults to. The type's row is locked
     * first, as a volume create with the type locks it, so no volume can slip in meanwhile.
     */
    Deletion delete(String id);

    /** Adds or changes extra specs; the specs now, or empty when there is no such live type. */
    Optional<Map<String, String>> writeExtraSpecs(String id, Map<String, String> extraSpecs);

    boolean deleteExtraSpec(String id, String key);

    /** The projects given access to a type. */
    List<String> projects(String typeId);

    /** @return whether access was added: {@code false} when the project had it already */
    boolean addProject(String typeId, String projectId);

    boolean removeProject(String typeId, String projectId);

    /** A project's own default type, when one was set. */
    Optional<String> projectDefault(String projectId);

    /** Every project's own default type, project to type id. */
    Map<String, String> projectDefaults();

    /** @return {@code false} when there is no such live type */
    boolean setProjectDefault(String projectId, String typeId);

    boolean clearProjectDefault(String projectId);
}
