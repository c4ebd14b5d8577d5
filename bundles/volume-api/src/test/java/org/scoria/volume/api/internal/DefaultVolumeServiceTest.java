package org.scoria.volume.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.scoria.volume.api.internal.ApiServices.BACKEND;
import static org.scoria.volume.api.internal.ApiServices.PROJECT;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scoria.messaging.Command;
import org.scoria.messaging.Destinations;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.testing.InMemoryStores;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.ImageUploadRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.InvalidVolumeStateException;
import org.scoria.volume.api.OverQuotaException;
import org.scoria.volume.api.Policy;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceUnavailableException;

/**
 * The volume service's rules on the real stores and journal ({@link ApiServices}): what a request
 * writes, what it sends where, and that a refused request writes and sends nothing.
 */
public class DefaultVolumeServiceTest {

    private ApiServices api;
    private RecordingBus bus;
    private InMemoryStores stores;
    private RequestContext member;
    private DefaultVolumeService volumes;

    @Before
    public void services() throws Exception {
        api = new ApiServices(Map.of("quota_volumes", 2L));
        bus = api.bus;
        stores = api.stores;
        member = api.member;
        volumes = api.volumes;
    }

    @After
    public void close() {
        api.close();
    }

    /** Cinder's enable_force_upload is off by default: force is ignored, and an in-use volume is refused. */
    @Test
    public void anInUseVolumeIsNotUploadedWhileForceUploadIsDisabled() {
        Volume volume = api.availableVolume(1);
        assertTrue(stores.volumes.transition(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.IN_USE, VolumeChange.NONE));
        InvalidVolumeStateException refused = assertThrows(InvalidVolumeStateException.class, () -> volumes
                .uploadToImage(member, volume.id(), new ImageUploadRequest("img", "raw", "bare", "private", false, true)));
        assertEquals("Invalid volume: Volume " + volume.id() + " status must be available", refused.getMessage());
        assertEquals(VolumeStatus.IN_USE, stores.volumes.find(volume.id()).orElseThrow().status());
        assertEquals("nothing sent", List.of(), bus.sent);
    }

    @Test
    public void aCreateWritesTheVolumeCountsItAndSendsItToTheScheduler() {
        Volume created = volumes.create(member, request(3));

        assertEquals(VolumeStatus.CREATING, created.status());
        assertEquals(PROJECT, created.projectId());
        assertEquals(3, created.sizeGb());
        assertEquals(List.of(new RecordingBus.Sent(Destinations.SCHEDULER, new Command(Command.SCHEDULE_CREATE_VOLUME,
                created.id(), member.requestId(), Map.of()))), bus.sent);
        assertEquals(1, api.inUse(QuotaLimits.VOLUMES));
        assertEquals(3, api.inUse(QuotaLimits.GIGABYTES));
    }

    @Test
    public void aCreateOverTheProjectsQuotaWritesAndSendsNothing() {
        volumes.create(member, request(1));
        volumes.create(member, request(1));
        try {
            volumes.create(member, request(1));
            fail("a third volume was accepted with a quota of two");
        } catch (OverQuotaException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("volumes"));
        }
        assertEquals(2, stores.volumes.list(PROJECT).size());
        assertEquals(2, bus.sent.size());
        assertEquals(2, api.inUse(QuotaLimits.VOLUMES));
    }

    @Test
    public void aCreateOfNoSizeIsRefusedAsCinderRefusesIt() {
        try {
            volumes.create(member, request(0));
            fail("a volume of 0 GiB was accepted");
        } catch (InvalidInputException expected) {
            assertEquals("Invalid input received: Volume size '0' must be an integer and greater than 0.",
                    expected.getMessage());
        }
        assertEquals(0, stores.volumes.list(PROJECT).size());
        assertEquals(List.of(), bus.sent);
    }

    @Test
    public void aCreateTheBrokerCannotTakeLeavesNothingBehind() {
        bus.refusing = true;
        try {
            volumes.create(member, request(2));
            fail("a create that could not be queued was accepted");
        } catch (ServiceUnavailableException expected) {
            // Cinder's 503: try again later.
        }
        assertEquals(0, stores.volumes.list(PROJECT).size());
        assertEquals(0, api.inUse(QuotaLimits.VOLUMES));
        assertEquals(0, api.inUse(QuotaLimits.GIGABYTES));
        Instant later = Instant.now().plusSeconds(3600);
        assertEquals("the journal keeps no entry to send later", 0, stores.pendingCommands.due(later, later, 10).size());
    }

    @Test
    public void aDeleteMovesTheVolumeToDeletingAndSendsItToItsBackend() {
        Volume volume = api.availableVolume(1);

        Volume deleting = volumes.delete(member, volume.id(), false);

        assertEquals(VolumeStatus.DELETING, deleting.status());
        assertEquals(1, bus.sent.size());
        assertEquals(Destinations.volumeManager(BACKEND), bus.sent.get(0).queue());
        assertEquals(Command.DELETE_VOLUME, bus.sent.get(0).command().type());
        assertEquals(volume.id(), bus.sent.get(0).command().resourceId());
    }

    @Test
    public void anotherProjectsVolumeIsNotFoundAndStaysAsItWas() {
        Volume volume = api.availableVolume(1);
        RequestContext stranger = new RequestContext("eve", "p2", Set.of("member"), false, null, Policy.UNRESTRICTED);
        try {
            volumes.delete(stranger, volume.id(), false);
            fail("another project's volume was deleted");
        } catch (ResourceNotFoundException expected) {
            assertEquals("Volume " + volume.id() + " could not be found.", expected.getMessage());
        }
        assertEquals(VolumeStatus.AVAILABLE, stores.volumes.find(volume.id()).orElseThrow().status());
        assertEquals(List.of(), bus.sent);
    }

    @Test
    public void anExtendCountsTheNewSizeAndCarriesItToTheBackend() {
        Volume volume = api.availableVolume(1);

        Volume extending = volumes.extend(member, volume.id(), 5);

        assertEquals(VolumeStatus.EXTENDING, extending.status());
        assertEquals(5, api.inUse(QuotaLimits.GIGABYTES));
        Command sent = bus.sent.get(0).command();
        assertEquals(Command.EXTEND_VOLUME, sent.type());
        assertEquals("5", sent.arguments().get(Command.NEW_SIZE));
        try {
            volumes.extend(member, volume.id(), 6);
            fail("a volume being extended was extended again");
        } catch (InvalidVolumeStateException expected) {
            assertEquals(1, bus.sent.size());
        }
    }

    private static CreateVolumeRequest request(int sizeGb) {
        return ApiServices.volumeOf(sizeGb);
    }
}
