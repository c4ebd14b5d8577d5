package org.scoria.spi.backup;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An object store that keeps backups, registered as an OSGi service by a backup driver bundle.
 * <p>
 * Methods are called concurrently (chunks are written in parallel) and again after a crash or a
 * redelivered request: writing an object that exists replaces it, deleting one that is gone
 * succeeds. A store must not block forever: every call that reaches a server has a timeout.
 *
 * @since 1.0
 */
@ConsumerType
public interface ObjectStore {

    /** Service property (String, required): the store's name as operators and backups record it, e.g. {@code swift}. */
    String DRIVER_NAME = "scoria.backup.driver.name";

    /**
     * The container a backup of {@code projectId}'s goes to when its request names none
     * (Cinder's {@code backup_container}, or one per project).
     */
    String defaultContainer(String projectId);

    /** The size of the chunks volumes are cut into for this store, in bytes. */
    int chunkSizeBytes();

    /** Creates the container unless it exists. */
    void ensureContainer(String container) throws ObjectStoreException;

    /** Writes an object whole, replacing one of that name. */
    void put(String container, String name, byte[] data) throws ObjectStoreException;

    /**
     * Reads an object whole.
     *
     * @throws ObjectMissingException when there is no such object
     */
    byte[] get(String container, String name) throws ObjectStoreException;

    /** Deletes an object; deleting one that does not exist succeeds. */
    void delete(String container, String name) throws ObjectStoreException;

    /** The names of the container's objects that start with {@code prefix}, in no particular order. */
    List<String> list(String container, String prefix) throws ObjectStoreException;
}
