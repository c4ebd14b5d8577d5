package org.scoria.volume.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.After;
import org.junit.Test;
import org.scoria.guard.internal.GuardedVendorCalls;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.CommandHandler;
import org.scoria.messaging.CallHandler;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.Subscription;
import org.scoria.messaging.command.CreateVolume;
import org.scoria.messaging.command.ExtendVolume;
import org.scoria.messaging.command.Placement;
import org.scoria.messaging.command.ScheduleCreateVolume;
import org.scoria.messaging.command.SchedulerCommand;
import org.scoria.messaging.internal.PersistentCommandJournal;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.testing.ComponentConfigs;
import org.scoria.persistence.testing.InMemoryStores;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;

/**
 * A backend's steps on the real stores (Derby in memory) and the real command journal; the driver
 * is a recorder that answers as told, and the outbox a list (the broker's place).
 */
public class VolumeStepsTest {

    private static final String BACKEND = "node@files";

    private final InMemoryStores stores = new InMemoryStores();
    private final GuardedVendorCalls guard = new GuardedVendorCalls();
    private final PersistentCommandJournal journal = new PersistentCommandJournal(stores.pendingCommands, new NoBroker(),
            ComponentConfigs.of(PersistentCommandJournal.Config.class, Map.of()));
    private final List<Command> sent = new ArrayList<>();
    private final Outbox outbox = (queue, command, duplicateId) -> sent.add(command);
    private final ToldDriver driver = new ToldDriver();
    private final DriverBinding binding = new DriverBinding(driver, "told", "nova", 1, "vendor", "1.0.0", Map.of());
    private boolean serving = true;
    private final VolumeSteps steps = new VolumeSteps(BACKEND, stores.volumes, stores.snapshots, journal,
            new DriverCaller(guard), 5_000, () -> { }, current -> serving, NoImages.transfers());

    public VolumeStepsTest() throws Exception {
    }

    @After
    public void close() {
        journal.deactivate();
        guard.deactivate();
        stores.close();
    }

    @Test
    public void aCreateMakesTheVolumeAvailableWhereTheDriverPutIt() throws Exception {
        Volume volume = placed();
        steps.dispatch(binding, new CreateVolume(volume.id(), "req-1", Placement.FIRST.inZone(null)).toCommand(), outbox);
        Volume made = stores.volumes.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.AVAILABLE, made.status());
        assertEquals("/files", made.providerLocation());
        assertEquals(List.of("create " + volume.id()), driver.calls);
        assertEquals(List.of(), sent);
    }

    @Test
    public void aCreateTheDriverFailsGoesBackToTheSchedulerWithThisBackendTried() throws Exception {
        Volume volume = placed();
        driver.failure = "no room";
        steps.dispatch(binding, new CreateVolume(volume.id(), "req-1",
                new Placement(List.of("node@other"), "", null, Map.of("same_host", "v9"))).toCommand(), outbox);
        Volume back = stores.volumes.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.CREATING, back.status());
        assertNull("the host is released for the next placement", back.host());
        assertTrue(back.statusReason(), back.statusReason().contains("Driver told on node@files could not create the"
                + " volume: no room"));
        assertEquals(List.of(new ScheduleCreateVolume(volume.id(), "req-1",
                new Placement(List.of("node@other", BACKEND), "", null, Map.of("same_host", "v9")))),
                sent.stream().map(SchedulerCommand::read).toList());
    }

    @Test
    public void aStepWhoseDriverLeftWhileItRanGoesBackToTheBrokerChangingNothing() throws Exception {
        Volume volume = placed();
        driver.failure = "the session was closed";
        driver.duringCall = () -> serving = false;
        IllegalStateException handedBack = assertThrows(IllegalStateException.class, () -> steps.dispatch(binding,
                new CreateVolume(volume.id(), "req-1", Placement.FIRST.inZone(null)).toCommand(), outbox));
        assertTrue(handedBack.getMessage(), handedBack.getMessage().contains("Driver told left node@files while it was"
                + " to create the volume " + volume.id()));
        Volume unchanged = stores.volumes.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.CREATING, unchanged.status());
        assertEquals(volume.host(), unchanged.host());
        assertEquals(List.of(), sent);
    }

    @Test
    public void anExtendOfAVolumeNotExtendingAnyMoreDoesNothing() throws Exception {
        Volume volume = placed();
        steps.dispatch(binding, new ExtendVolume(volume.id(), "req-2", 2).toCommand(), outbox);
        assertEquals("the status guard: not extending, nothing asked of the driver", List.of(), driver.calls);
        assertEquals(1, stores.volumes.find(volume.id()).orElseThrow().sizeGb());
    }

    /** A new 1 GiB volume the scheduler placed on this backend. */
    private Volume placed() {
        Volume volume = stores.volumes.create(new NewVolume("p1", "u1", null, null, 1, "nova"));
        assertTrue(stores.volumes.assignHost(volume.id(), BACKEND + "#files", "nova"));
        return stores.volumes.find(volume.id()).orElseThrow();
    }

    private static final class ToldDriver implements VolumeDriver {
        final List<String> calls = new ArrayList<>();
        String failure;
        Runnable duringCall = () -> { };

        @Override
        public String createVolume(VolumeSpec volume) throws DriverException {
            calls.add("create " + volume.id());
            duringCall.run();
            if (failure != null) {
                throw new DriverException(failure);
            }
            return "/files";
        }

        @Override
        public void deleteVolume(VolumeSpec volume) {
            calls.add("delete " + volume.id());
        }

        @Override
        public BackendStats getStats() {
            return new BackendStats(100, 100, 0, true, 0, 1.0, "file", "test", "1.0", Map.of());
        }
    }

    /** The journal's relay sends nothing here: every command of these tests goes through the outbox. */
    private static final class NoBroker implements CommandBus {
        @Override
        public void send(String queue, Command command, String duplicateId) {
            throw new UnsupportedOperationException("no broker in this test");
        }

        @Override
        public Subscription consume(String queue, int concurrency, CommandHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T call(String queue, Command command, Class<T> answerType, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Subscription answer(String queue, int concurrency, CallHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(String topic, Object event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Subscription subscribe(String topic, Class<T> type, Consumer<T> listener) {
            throw new UnsupportedOperationException();
        }
    }
}
