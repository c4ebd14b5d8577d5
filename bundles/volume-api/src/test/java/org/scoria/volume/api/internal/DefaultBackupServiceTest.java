package org.scoria.volume.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scoria.messaging.Command;
import org.scoria.messaging.Destinations;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.volume.api.CreateBackupRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.OverQuotaException;
import org.scoria.volume.api.ServiceUnavailableException;

/** The backup service's rules on the real stores and journal ({@link ApiServices}). */
public class DefaultBackupServiceTest {

    private ApiServices api;

    @Before
    public void services() throws Exception {
        api = new ApiServices(Map.of("quota_backups", 1L));
    }

    @After
    public void close() {
        api.close();
    }

    @Test
    public void aBackupIsWrittenCountedAndSentToTheBackupManager() {
        Volume volume = api.availableVolume(3);

        Backup backup = api.backups.create(api.member, request(volume, null));

        assertEquals(BackupStatus.CREATING, backup.status());
        assertEquals(volume.id(), backup.volumeId());
        assertEquals(List.of(new RecordingBus.Sent(Destinations.BACKUP, new Command(Command.CREATE_BACKUP, backup.id(),
                api.member.requestId()))), api.bus.sent);
        assertEquals(1, api.inUse(QuotaLimits.BACKUPS));
        assertEquals(3, api.inUse(QuotaLimits.BACKUP_GIGABYTES));
    }

    @Test
    public void aBackupOverTheQuotaWritesAndSendsNothing() {
        // The first backup holds its volume (backing-up): the second is of another volume.
        api.backups.create(api.member, request(api.availableVolume(1), null));
        Volume second = api.availableVolume(1);
        try {
            api.backups.create(api.member, request(second, null));
            fail("a second backup was accepted with a quota of one");
        } catch (OverQuotaException expected) {
            // Cinder's 413
        }
        assertEquals(List.of(), api.stores.backups.ofVolume(second.id()));
        assertEquals(VolumeStatus.AVAILABLE, api.stores.volumes.find(second.id()).orElseThrow().status());
        assertEquals(List.of(), api.bus.sent);
    }

    @Test
    public void aContainerWithASlashIsRefusedBeforeAnythingIsWritten() {
        Volume volume = api.availableVolume(1);
        try {
            api.backups.create(api.member, request(volume, "a/b"));
            fail("a container with a slash was accepted");
        } catch (InvalidInputException expected) {
            assertEquals("Invalid input received: container must be 1 to 255 characters without '/'.",
                    expected.getMessage());
        }
        assertEquals(List.of(), api.stores.backups.ofVolume(volume.id()));
        assertEquals(0, api.inUse(QuotaLimits.BACKUPS));
    }

    @Test
    public void aBackupTheBrokerCannotTakeIsLeftInErrorAndItsVolumeAvailable() {
        Volume volume = api.availableVolume(1);
        api.bus.refusing = true;
        try {
            api.backups.create(api.member, request(volume, null));
            fail("a backup that could not be queued was accepted");
        } catch (ServiceUnavailableException expected) {
            // Cinder's 503: try again later.
        }
        List<Backup> left = api.stores.backups.ofVolume(volume.id());
        assertEquals(1, left.size());
        assertEquals(BackupStatus.ERROR, left.get(0).status());
        assertEquals(VolumeStatus.AVAILABLE, api.stores.volumes.find(volume.id()).orElseThrow().status());
    }

    private static CreateBackupRequest request(Volume volume, String container) {
        return new CreateBackupRequest(volume.id(), null, null, false, false, null, container, Map.of());
    }
}
