package org.scoria.volume.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.scoria.volume.api.internal.ApiServices.BACKEND;
import static org.scoria.volume.api.internal.ApiServices.PROJECT;

import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scoria.messaging.Command;
import org.scoria.messaging.Destinations;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.CreateSnapshotRequest;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.OverQuotaException;
import org.scoria.volume.api.ServiceUnavailableException;

/** The snapshot service's rules on the real stores and journal ({@link ApiServices}). */
public class DefaultSnapshotServiceTest {

    private ApiServices api;

    @Before
    public void services() throws Exception {
        api = new ApiServices(Map.of("quota_snapshots", 1L));
    }

    @After
    public void close() {
        api.close();
    }

    @Test
    public void aSnapshotIsWrittenCountedAndSentToItsVolumesBackend() {
        Volume volume = api.availableVolume(2);

        Snapshot snapshot = api.snapshots.create(api.member, request(volume));

        assertEquals(SnapshotStatus.CREATING, snapshot.status());
        assertEquals(volume.id(), snapshot.volumeId());
        assertEquals(List.of(new RecordingBus.Sent(Destinations.volumeManager(BACKEND), new Command(
                Command.CREATE_SNAPSHOT, snapshot.id(), api.member.requestId()))), api.bus.sent);
        assertEquals(1, api.inUse(QuotaLimits.SNAPSHOTS));
        assertEquals("the snapshot's size counts", 4, api.inUse(QuotaLimits.GIGABYTES));
    }

    @Test
    public void aSnapshotOverTheQuotaWritesAndSendsNothing() {
        Volume volume = api.availableVolume(1);
        api.snapshots.create(api.member, request(volume));
        api.bus.sent.clear();
        try {
            api.snapshots.create(api.member, request(volume));
            fail("a second snapshot was accepted with a quota of one");
        } catch (OverQuotaException expected) {
            // Cinder's 413
        }
        assertEquals(1, api.stores.snapshots.ofVolume(volume.id()).size());
        assertEquals(List.of(), api.bus.sent);
        assertEquals(1, api.inUse(QuotaLimits.SNAPSHOTS));
    }

    @Test
    public void aSnapshotOfAVolumeThatIsNotAvailableIsRefused() {
        Volume volume = api.availableVolume(1);
        api.volumes.extend(api.member, volume.id(), 2);
        api.bus.sent.clear();
        try {
            api.snapshots.create(api.member, request(volume));
            fail("a volume being extended was snapshotted");
        } catch (InvalidVolumeStateException expected) {
            assertEquals(VolumeStatus.EXTENDING, api.stores.volumes.find(volume.id()).orElseThrow().status());
        }
        assertEquals(List.of(), api.stores.snapshots.ofVolume(volume.id()));
        assertEquals(List.of(), api.bus.sent);
    }

    @Test
    public void aSnapshotTheBrokerCannotTakeIsLeftInErrorAndItsVolumeAvailable() {
        Volume volume = api.availableVolume(1);
        api.bus.refusing = true;
        try {
            api.snapshots.create(api.member, request(volume));
            fail("a snapshot that could not be queued was accepted");
        } catch (ServiceUnavailableException expected) {
            // Cinder's 503: try again later.
        }
        List<Snapshot> left = api.stores.snapshots.ofVolume(volume.id());
        assertEquals(1, left.size());
        assertEquals(SnapshotStatus.ERROR, left.get(0).status());
        assertEquals(VolumeStatus.AVAILABLE, api.stores.volumes.find(volume.id()).orElseThrow().status());
    }

    @Test
    public void aDeleteMovesTheSnapshotToDeletingAndSendsIt() {
        Volume volume = api.availableVolume(1);
        Snapshot snapshot = api.snapshots.create(api.member, request(volume));
        api.stores.snapshots.transition(snapshot.id(), SnapshotStatus.CREATING, SnapshotStatus.AVAILABLE, null, "here");
        api.bus.sent.clear();

        Snapshot deleting = api.snapshots.delete(api.member, snapshot.id());

        assertEquals(SnapshotStatus.DELETING, deleting.status());
        assertEquals(List.of(new RecordingBus.Sent(Destinations.volumeManager(BACKEND), new Command(
                Command.DELETE_SNAPSHOT, snapshot.id(), api.member.requestId()))), api.bus.sent);
        assertEquals(PROJECT, deleting.projectId());
    }

    private static CreateSnapshotRequest request(Volume volume) {
        return new CreateSnapshotRequest(volume.id(), null, null, false, Map.of());
    }
}
