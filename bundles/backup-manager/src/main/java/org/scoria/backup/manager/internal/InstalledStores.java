package org.scoria.backup.manager.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;

/** The backup stores installed now, by driver name, each behind the vendor guard. */
final class InstalledStores {

    private final Map<String, GuardedObjectStore> stores = new ConcurrentHashMap<>();

    void add(String name, GuardedObjectStore store) {
        stores.put(name, store);
    }

    /** Removes the store under that name if it is this one (a replacement may have come first). */
    void remove(String name, ObjectStore store) {
        stores.computeIfPresent(name, (key, bound) -> bound.wraps(store) ? null : bound);
    }

    /** The store of that name, or {@code null}. */
    ObjectStore get(String name) {
        return stores.get(name);
    }

    /** The store a backup was made in; it must be installed to restore, check or delete the backup. */
    ObjectStore installed(String name) throws ObjectStoreException {
        ObjectStore store = stores.get(name);
        if (store == null) {
            throw new ObjectStoreException("the backup store " + name + " is not installed");
        }
        return store;
    }
}
