package org.scoria.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * QoS specs and their association with volume types (a type has at most one). Names are unique
 * among live specs.
 *
 * @since 2.1
 */
@ProviderType
public interface QosSpecsStore {

    /** @throws NameInUseException when live specs have the name */
    QosSpecs create(String name, String consumer, Map<String, String> specs);

    Optional<QosSpecs> find(String id);

    /** Live specs, by name. */
    List<QosSpecs> list();

    /** Adds or changes keys (the consumer among them); the specs now, or empty when there are none such. */
    Optional<QosSpecs> update(String id, String consumer, Map<String, String> specs);

    /** Removes keys; the specs now, or empty when there are none such. Keys that are not there are ignored. */
    Optional<QosSpecs> deleteKeys(String id, List<String> keys);

    /**
     * Soft-deletes the specs, if no type is associated with them or {@code force} disassociates
     * them all first.
     *
     * @return whether they were deleted; {@code false} when there are none such or types use them
     */
    boolean delete(String id, boolean force);

    /** The live types associated with the specs. */
    List<VolumeType> associations(String id);

    /** @return {@code false} when the type already has other specs, or either is gone */
    boolean associate(String id, String typeId);

    /** @return {@code false} when the type is not associated with these specs */
    boolean disassociate(String id, String typeId);

    void disassociateAll(String id);
}
