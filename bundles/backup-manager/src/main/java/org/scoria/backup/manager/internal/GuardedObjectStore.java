package org.scoria.backup.manager.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.scoria.guard.VendorGuard;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;

/**
 * A backup store as the backup manager calls it: every call that reaches its storage goes through
 * the vendor guard, so a store whose server stops answering fails the backup it serves instead of
 * holding its thread for ever.
 */
record GuardedObjectStore(ObjectStore store, VendorGuard guard, Duration timeout) implements ObjectStore {

    boolean wraps(ObjectStore candidate) {
        return store == candidate;
    }

    // The two configuration reads touch no storage: they are called directly.
    @Override
    public String defaultContainer(String projectId) {
        return store.defaultContainer(projectId);
    }

    @Override
    public int chunkSizeBytes() {
        return store.chunkSizeBytes();
    }

    @Override
    public void ensureContainer(String container) throws ObjectStoreException {
        call("make container " + container, () -> {
            store.ensureContainer(container);
            return null;
        });
    }

    @Override
    public void put(String container, String name, byte[] data) throws ObjectStoreException {
        call("store object " + name + " in " + container, () -> {
            store.put(container, name, data);
            return null;
        });
    }

    @Override
    public byte[] get(String container, String name) throws ObjectStoreException {
        return call("read object " + name + " from " + container, () -> store.get(container, name));
    }

    @Override
    public void delete(String container, String name) throws ObjectStoreException {
        call("delete object " + name + " from " + container, () -> {
            store.delete(container, name);
            return null;
        });
    }

    @Override
    public List<String> list(String container, String prefix) throws ObjectStoreException {
        return call("list the objects " + prefix + "* in " + container, () -> store.list(container, prefix));
    }

    private <T> T call(String what, Callable<T> call) throws ObjectStoreException {
        return guard.call(store, what, timeout, call, ObjectStoreException.class, ObjectStoreException::new);
    }
}
