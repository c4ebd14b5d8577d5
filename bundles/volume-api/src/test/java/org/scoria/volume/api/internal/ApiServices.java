package org.scoria.volume.api.internal;

import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

import org.scoria.image.ImageService;
import org.scoria.messaging.internal.PersistentCommandJournal;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.testing.ComponentConfigs;
import org.scoria.persistence.testing.InMemoryStores;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.Policy;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;

/**
 * The volume API's services as DS wires them, on the real stores (in-memory Derby) and the real
 * command journal; only the broker is a recorder ({@link RecordingBus}).
 */
final class ApiServices implements AutoCloseable {

    static final String PROJECT = "p1";
    static final String BACKEND = "node@nfs";

    final InMemoryStores stores;
    final RecordingBus bus = new RecordingBus();
    final RequestContext member = new RequestContext("ben", PROJECT, Set.of("member", "reader"), false, null,
            Policy.UNRESTRICTED);
    final PersistentCommandJournal journal;
    final QuotaService quotas;
    final DefaultVolumeService volumes;
    final DefaultSnapshotService snapshots;
    final DefaultBackupService backups;

    /** @param quotaLimits the quota configuration's attributes, e.g. {@code quota_volumes} */
    ApiServices(Map<String, Object> quotaLimits) throws Exception {
        stores = new InMemoryStores();
        journal = new PersistentCommandJournal(stores.pendingCommands, bus,
                ComponentConfigs.of(PersistentCommandJournal.Config.class, Map.of()));
        DefaultVolumeService.Config config = ComponentConfigs.of(DefaultVolumeService.Config.class, Map.of());
        quotas = new DefaultQuotaService(stores.quotas, stores.types,
                ComponentConfigs.of(DefaultQuotaService.Config.class, quotaLimits));
        volumes = new DefaultVolumeService(stores.volumes, stores.snapshots, stores.attachments, stores.backups,
                new DefaultVolumeTypeService(stores.types, config), quotas, journal, noImages(), config);
        snapshots = new DefaultSnapshotService(stores.snapshots, volumes, quotas, journal);
        backups = new DefaultBackupService(stores.backups, volumes, snapshots, quotas, journal);
    }

    /** These tests make no volume from an image (ImageIT does, against a real Glance). */
    private static ImageService noImages() {
        return (ImageService) Proxy.newProxyInstance(ImageService.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException("no image service in these tests");
                });
    }

    static CreateVolumeRequest volumeOf(int sizeGb) {
        return new CreateVolumeRequest(null, null, sizeGb, null, null, null, Map.of(), null, Map.of());
    }

    /** A new volume as its backend leaves it once created: placed and available. */
    Volume availableVolume(int sizeGb) {
        Volume creating = volumes.create(member, volumeOf(sizeGb));
        assertTrue(stores.volumes.assignHost(creating.id(), BACKEND + "#nfs", "nova"));
        assertTrue(stores.volumes.transition(creating.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE,
                VolumeChange.NONE));
        bus.sent.clear();
        return stores.volumes.find(creating.id()).orElseThrow();
    }

    /** How much of {@code resource} (a name of {@code QuotaLimits}) the project uses. */
    long inUse(String resource) {
        return quotas.usage(RequestContext.admin(PROJECT), PROJECT).get(resource).inUse();
    }

    @Override
    public void close() {
        journal.deactivate();
        stores.close();
    }
}
