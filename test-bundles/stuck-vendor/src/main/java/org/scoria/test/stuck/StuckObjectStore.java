package org.scoria.test.stuck;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.scoria.spi.backup.ObjectStore;

/** A backup store, {@code stuck}, whose every storage call never answers. */
@Component(property = ObjectStore.DRIVER_NAME + "=stuck")
public class StuckObjectStore implements ObjectStore {

    private final Stuck stuck = new Stuck();

    @Deactivate
    void deactivate() {
        stuck.release();
    }

    @Override
    public String defaultContainer(String projectId) {
        return "stuck";
    }

    @Override
    public int chunkSizeBytes() {
        return 1 << 20;
    }

    @Override
    public void ensureContainer(String container) {
        stuck.hang();
    }

    @Override
    public void put(String container, String name, byte[] data) {
        stuck.hang();
    }

    @Override
    public byte[] get(String container, String name) {
        stuck.hang();
        return new byte[0];
    }

    @Override
    public void delete(String container, String name) {
        stuck.hang();
    }

    @Override
    public List<String> list(String container, String prefix) {
        stuck.hang();
        return List.of();
    }
}
