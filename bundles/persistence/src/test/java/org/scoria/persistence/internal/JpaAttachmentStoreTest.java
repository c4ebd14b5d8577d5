package org.scoria.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.NewAttachment;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;

/** Attachments and the volume statuses they make, against a real (in-memory) Derby. */
public class JpaAttachmentStoreTest {

    private static final Set<VolumeStatus> ATTACHABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.RESERVED,
            VolumeStatus.ATTACHING, VolumeStatus.IN_USE);

    private static EntityManagerFactory emf;
    private static JpaVolumeStore volumes;
    private static JpaAttachmentStore attachments;
    private static String multiattachType;

    @BeforeClass
    public static void migrateAndOpen() throws Exception {
        DataSource dataSource = TestDatabase.create("scoria-attachment-test");
        SchemaMigrator schema = new SchemaMigrator(dataSource);
        emf = new PersistenceProviderImpl().createEntityManagerFactory("scoria",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        volumes = new JpaVolumeStore(emf, schema);
        attachments = new JpaAttachmentStore(emf, schema);
        multiattachType = new JpaVolumeTypeStore(emf, schema).create("shared", null, true,
                Map.of("multiattach", "<is> True")).id();
    }

    @AfterClass
    public static void close() {
        emf.close();
    }

    private static Volume available(String typeId) {
        Volume volume = volumes.create(new NewVolume("p-attach", "u", null, null, 1, "nova", null, null, typeId, Map.of()),
                QuotaLimits.UNLIMITED);
        assertTrue(volumes.assignHost(volume.id(), "node@b#b", "nova"));
        assertTrue(volumes.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.AVAILABLE, VolumeChange.NONE));
        return volumes.find(volume.id()).orElseThrow();
    }

    private static VolumeStatus status(String volumeId) {
        return volumes.find(volumeId).orElseThrow().status();
    }

    private static Attachment reserve(Volume volume, String instance) {
        return attachments.create(volume.id(), ATTACHABLE, new NewAttachment(instance, null, null, null),
                AttachStatus.RESERVED).orElseThrow();
    }

    /** Connects and completes an attachment, as a consumer does. */
    private static void attach(Attachment attachment) {
        assertTrue(attachments.connect(attachment.id(), null, "{\"host\":\"h\"}", "{}", "h", null, "rw"));
        assertTrue(attachments.move(attachment.id(), AttachStatus.ATTACHING, AttachStatus.ATTACHED));
    }

    @Test
    public void theVolumeStatusFollowsItsAttachmentThroughTheWholeFlow() {
        Volume volume = available(null);
        assertFalse("multiattach only from the type", volume.multiattach());
        Attachment attachment = reserve(volume, "server-1");
        assertEquals(AttachStatus.RESERVED, attachment.status());
        assertEquals(VolumeStatus.RESERVED, status(volume.id()));

        assertTrue(attachments.connect(attachment.id(), null, "{\"host\":\"h1\"}", "{\"driver_volume_type\":\"nfs\"}",
                "h1", "/dev/vdb", "rw"));
        assertFalse("a connect that did not see this connector loses", attachments.connect(attachment.id(), null,
                "{\"host\":\"h2\"}", "{}", "h2", null, "rw"));
        assertEquals("h1", attachments.find(attachment.id()).orElseThrow().attachedHost());
        Attachment connected = attachments.find(attachment.id()).orElseThrow();
        assertEquals(AttachStatus.ATTACHING, connected.status());
        assertEquals("h1", connected.attachedHost());
        assertTrue(connected.isConnected());
        assertEquals(VolumeStatus.ATTACHING, status(volume.id()));

        assertTrue(attachments.move(attachment.id(), AttachStatus.ATTACHED));
        assertNotNull(attachments.find(attachment.id()).orElseThrow().attachedAt());
        assertEquals(VolumeStatus.IN_USE, status(volume.id()));
        assertEquals(List.of(attachment.id()), attachments.attachedTo(List.of(volume.id())).get(volume.id()).stream()
                .map(Attachment::id).toList());

        assertFalse("attached cannot be connected again", attachments.connect(attachment.id(), "{\"host\":\"h1\"}", "{}", "{}", null,
                null, "rw"));
        assertTrue(attachments.move(attachment.id(), AttachStatus.DETACHING));
        assertEquals(VolumeStatus.IN_USE, status(volume.id()));
        assertTrue(attachments.move(attachment.id(), AttachStatus.DETACHED));
        assertFalse("a detached attachment is gone", attachments.find(attachment.id()).isPresent());
        assertFalse("and is not detached twice", attachments.move(attachment.id(), AttachStatus.DETACHED));
        assertEquals(VolumeStatus.AVAILABLE, status(volume.id()));
    }

    @Test
    public void aVolumeThatIsNotMultiattachTakesOneAttachmentOnly() {
        Volume volume = available(null);
        reserve(volume, "server-1");
        assertTrue(attachments.create(volume.id(), ATTACHABLE, new NewAttachment("server-2", "rw", null, null),
                AttachStatus.RESERVED).isEmpty());
        assertEquals(1, attachments.ofVolume(volume.id()).size());
    }

    @Test
    public void aMultiattachVolumeIsInUseWhileOneAttachmentIsAttached() {
        Volume volume = available(multiattachType);
        assertTrue(volume.multiattach());
        Attachment first = reserve(volume, "server-1");
        Attachment second = reserve(volume, "server-2");
        attach(first);
        assertEquals(VolumeStatus.IN_USE, status(volume.id()));
        assertTrue(attachments.move(first.id(), AttachStatus.DETACHED));
        assertEquals("the other one still holds it", VolumeStatus.RESERVED, status(volume.id()));
        assertTrue(attachments.move(second.id(), AttachStatus.DETACHED));
        assertEquals(VolumeStatus.AVAILABLE, status(volume.id()));
    }

    @Test
    public void aServerThatMovesGetsASecondAttachmentOfAnOrdinaryVolume() {
        Volume volume = available(null);
        reserve(volume, "server-moving");
        assertTrue("the same server", attachments.create(volume.id(), Set.of(VolumeStatus.AVAILABLE),
                new NewAttachment("server-moving", null, null, null), AttachStatus.RESERVED).isPresent());
        assertTrue("another server", attachments.create(volume.id(), Set.of(VolumeStatus.AVAILABLE),
                new NewAttachment("server-other", null, null, null), AttachStatus.RESERVED).isEmpty());
        assertEquals(2, attachments.ofVolume(volume.id()).size());
    }

    @Test
    public void concurrentReservationsOfOneVolumeHaveOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Volume volume = available(null);
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String instance = "server-" + i;
                racers.add(() -> attachments.create(volume.id(), ATTACHABLE, new NewAttachment(instance, null, null, null),
                        AttachStatus.RESERVED).isPresent());
            }
            assertEquals("round " + round, 1, Races.winners(racers));
            assertEquals(VolumeStatus.RESERVED, status(volume.id()));
        }
    }

    @Test
    public void aVolumeAnAdministratorMovedElsewhereKeepsItsStatus() {
        Volume volume = available(null);
        Attachment attachment = reserve(volume, "server-1");
        assertTrue(volumes.reset(volume.id(), VolumeStatus.RESERVED, VolumeStatus.ERROR, "repair"));
        assertTrue(attachments.move(attachment.id(), AttachStatus.DETACHED));
        assertEquals(VolumeStatus.ERROR, status(volume.id()));
    }

    @Test
    public void aLegacyReservationSettlesToWhatTheAttachmentsSay() {
        Volume volume = available(null);
        assertTrue(volumes.transition(volume.id(), VolumeStatus.AVAILABLE, VolumeStatus.ATTACHING, VolumeChange.NONE));
        assertEquals(List.of(volume.id()), attachments.heldWithoutAttachment(Instant.now().plusSeconds(1)).stream()
                .filter(volume.id()::equals).toList());
        Attachment attached = attachments.create(volume.id(), Set.of(VolumeStatus.ATTACHING),
                new NewAttachment("server-1", "rw", "h1", "/dev/vdb"), AttachStatus.ATTACHED).orElseThrow();
        assertEquals(VolumeStatus.IN_USE, status(volume.id()));
        assertFalse(attachments.settle(volume.id(), Set.of(VolumeStatus.ATTACHING)));
        assertTrue(volumes.transition(volume.id(), VolumeStatus.IN_USE, VolumeStatus.DETACHING, VolumeChange.NONE));
        assertTrue("rolled back", attachments.settle(volume.id(), Set.of(VolumeStatus.DETACHING)));
        assertEquals(VolumeStatus.IN_USE, status(volume.id()));
        assertTrue(attachments.move(attached.id(), AttachStatus.DETACHED));
        assertEquals(VolumeStatus.AVAILABLE, status(volume.id()));
    }

    @Test
    public void unfinishedAttachmentsAreFoundByAge() {
        Volume volume = available(null);
        Attachment attachment = reserve(volume, "server-old");
        assertTrue(attachments.unfinished(Instant.now().minusSeconds(60)).stream()
                .noneMatch(found -> found.id().equals(attachment.id())));
        assertTrue(attachments.unfinished(Instant.now().plusSeconds(1)).stream()
                .anyMatch(found -> found.id().equals(attachment.id())));
        attach(attachment);
        assertTrue("a completed one never expires", attachments.unfinished(Instant.now().plusSeconds(1)).stream()
                .noneMatch(found -> found.id().equals(attachment.id())));
    }

    @Test
    public void listsPageNewestFirstWithinAProject() throws InterruptedException {
        Volume volume = available(multiattachType);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(0, reserve(volume, "server-page-" + i).id());
            // Creation times a millisecond apart at least: within one, the order is by id.
            Thread.sleep(5);
        }
        AttachmentQuery all = new AttachmentQuery("p-attach", volume.id(), null, null, null, 0, 10);
        assertEquals(ids, attachments.query(all).stream().map(Attachment::id).toList());
        assertEquals(ids.subList(1, 3), attachments.query(new AttachmentQuery("p-attach", volume.id(), null, null,
                ids.get(0), 0, 10)).stream().map(Attachment::id).toList());
        assertEquals(List.of(ids.get(1)), attachments.query(new AttachmentQuery("p-attach", volume.id(), null,
                "server-page-1", null, 0, 10)).stream().map(Attachment::id).toList());
        assertTrue(attachments.query(all.inProject("someone-else")).isEmpty());
        assertThrows(MissingRowException.class, () -> attachments.query(new AttachmentQuery("p-attach", volume.id(),
                null, null, "no-such-marker", 0, 10)));
    }
}
