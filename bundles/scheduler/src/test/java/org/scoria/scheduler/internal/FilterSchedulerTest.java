package org.scoria.scheduler.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scoria.guard.internal.GuardedVendorCalls;
import org.scoria.messaging.BackendReport;
import org.scoria.messaging.CallHandler;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.CommandHandler;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.Node;
import org.scoria.messaging.Subscription;
import org.scoria.persistence.NewVolume;
import org.scoria.persistence.QosSpecsStore;
import org.scoria.persistence.UserMessage;
import org.scoria.persistence.UserMessageStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.persistence.testing.ComponentConfigs;
import org.scoria.persistence.testing.InMemoryStores;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendWeigher;

/**
 * The scheduler's handling of one create, on the real stores (in-memory Derby). The message bus
 * is replaced by a recorder: what is under test is what the scheduler decides and sends, and the
 * real bus is exercised by the integration tests.
 */
public class FilterSchedulerTest {

    private InMemoryStores database;
    private VolumeStore volumes;
    private VolumeTypeStore types;
    private QosSpecsStore qos;
    private UserMessageStore messages;
    private BackendStateTracker tracker;
    private FilterScheduler scheduler;
    private final GuardedVendorCalls guard = new GuardedVendorCalls();
    private final List<String> sentTo = new ArrayList<>();

    @Before
    public void scheduler() throws Exception {
        database = new InMemoryStores();
        volumes = database.volumes;
        types = database.types;
        qos = database.qos;
        messages = database.messages;
        CommandBus bus = new IdleBus();
        SchedulerConfig config = config(3, "RetryFilter", "CapacityFilter", "JsonFilter", "DriverFilter");
        tracker = new BackendStateTracker(bus, node("node"), config);
        scheduler = new FilterScheduler(volumes, types, qos, database.services, messages,
                bus, tracker, guard, config);
        scheduler.bindFilter(new RetryFilter(), Map.of(BackendFilter.NAME, "RetryFilter"));
        scheduler.bindFilter(new CapacityFilter(), Map.of(BackendFilter.NAME, "CapacityFilter"));
        scheduler.bindFilter(new JsonFilter(), Map.of(BackendFilter.NAME, "JsonFilter"));
        scheduler.bindFilter(new DriverFilter(), Map.of(BackendFilter.NAME, "DriverFilter"));
        scheduler.bindWeigher(new CapacityWeigher(ComponentConfigs.of(CapacityWeigher.Config.class, Map.of("multiplier", 1.0))), Map.of(BackendWeigher.NAME, "CapacityWeigher"));
        report("roomy", 1000, Map.of());
        report("tight", 100, Map.of());
    }

    @After
    public void close() {
        scheduler.deactivate();
        tracker.deactivate();
        guard.deactivate();
        database.close();
    }

    @Test
    public void aCreateThatFailedOnMaxAttemptsBackendsGoesToErrorWithAMessage() throws Exception {
        Volume volume = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        scheduler.handle(schedule(volume, Map.of(Command.TRIED_HOSTS, "node@roomy,node@tight,node@gone")), this::send);
        Volume failed = volumes.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.ERROR, failed.status());
        assertTrue(failed.statusReason(), failed.statusReason().startsWith(
                "The volume could not be created on 3 backends (scheduler_max_attempts is 3)"));
        assertTrue("nothing is sent to a backend", sentTo.isEmpty());
        List<UserMessage> told = messages.list("p", volume.id(), null, null);
        assertEquals(1, told.size());
        assertEquals("VOLUME_VOLUME_001_003", told.get(0).eventId());
    }

    @Test
    public void aBackendNamedTwiceAmongTheTriedIsCountedOnce() throws Exception {
        Volume volume = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        scheduler.handle(schedule(volume, Map.of(Command.TRIED_HOSTS, "node@roomy,node@roomy")), this::send);
        assertEquals(List.of(Destinations.volumeManager("node@tight")), sentTo);
    }

    @Test
    public void aCreateWithAttemptsLeftGoesToABackendItHasNotFailedOn() throws Exception {
        Volume volume = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        scheduler.handle(schedule(volume, Map.of(Command.TRIED_HOSTS, "node@roomy")), this::send);
        assertEquals(List.of(Destinations.volumeManager("node@tight")), sentTo);
        assertEquals("node@tight#tight", volumes.find(volume.id()).orElseThrow().host());
    }

    @Test
    public void theQueryHintAndTheBackendsFilterFunctionChooseTheBackend() throws Exception {
        Volume byQuery = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        scheduler.handle(schedule(byQuery, Map.of(Command.QUERY, "[\"<\", \"$total_capacity_gb\", 500]")), this::send);
        assertEquals("node@tight#tight", volumes.find(byQuery.id()).orElseThrow().host());

        // The roomy backend takes no volume whose type's QoS asks more than it can serve.
        report("roomy", 1000, Map.of("filter_function", "qos.total_iops_sec <= 500"));
        String typeId = types.create("fast", null, true, Map.of()).id();
        qos.associate(qos.create("gold", "back-end", Map.of("total_iops_sec", "1000")).id(), typeId);
        Volume fast = volumes.create(new NewVolume("p", "u", null, null, 1, "nova", null, null, typeId, Map.of()));
        scheduler.handle(schedule(fast, Map.of()), this::send);
        assertEquals("node@tight#tight", volumes.find(fast.id()).orElseThrow().host());
        Volume plain = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        scheduler.handle(schedule(plain, Map.of()), this::send);
        assertEquals("a type without QoS specs has no qos.total_iops_sec: the function fails and excludes the backend",
                "node@tight#tight", volumes.find(plain.id()).orElseThrow().host());
    }

    @Test
    public void aRetypeIsCheckedWithTheNewTypesQosSpecsAsACreateIs() {
        report("roomy", 1000, Map.of("filter_function", "qos.total_iops_sec <= 500"));
        Volume volume = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        volumes.assignHost(volume.id(), "node@roomy#roomy", "nova");
        Volume placed = volumes.find(volume.id()).orElseThrow();
        String modest = types.create("modest", null, true, Map.of()).id();
        qos.associate(qos.create("silver", "back-end", Map.of("total_iops_sec", "400")).id(), modest);
        String fast = types.create("fast", null, true, Map.of()).id();
        qos.associate(qos.create("gold", "back-end", Map.of("total_iops_sec", "1000")).id(), fast);
        assertEquals(Optional.empty(), scheduler.refusal(placed, modest));
        assertTrue(scheduler.refusal(placed, fast).orElseThrow().contains("DriverFilter excluded 1"));
    }

    @Test
    public void anUnreadableQueryPutsTheVolumeInErrorSayingSo() throws Exception {
        Volume volume = volumes.create(new NewVolume("p", "u", null, null, 1, "nova"));
        scheduler.handle(schedule(volume, Map.of(Command.QUERY, "[\"near\", 1]")), this::send);
        Volume failed = volumes.find(volume.id()).orElseThrow();
        assertEquals(VolumeStatus.ERROR, failed.status());
        assertTrue(failed.statusReason(), failed.statusReason().startsWith("The scheduler hint query cannot be read"));
        assertTrue("nothing is sent to a backend", sentTo.isEmpty());
        assertEquals(1, messages.list("p", volume.id(), null, null).size());
    }

    private void send(String queue, Command command, String duplicateId) {
        sentTo.add(queue);
    }

    private static Command schedule(Volume volume, Map<String, String> arguments) {
        return new Command(Command.SCHEDULE_CREATE_VOLUME, volume.id(), "req-" + volume.id(), arguments);
    }

    private void report(String name, double totalGb, Map<String, Object> capabilities) {
        tracker.onReport(new BackendReport("node@" + name, name, "nova", "nfs", "scoria-driver-nfs", "1.0.0",
                BackendReport.UP, null, System.currentTimeMillis(), totalGb, totalGb, 0, false, 0, 1.0, "nfs", "Scoria",
                "1.0", capabilities));
    }

    /** A node named {@code name}. */
    static Node node(String name) {
        return () -> name;
    }

    static SchedulerConfig config(int maxAttempts, String... filters) {
        return ComponentConfigs.of(SchedulerConfig.class, Map.of("filters", filters, "scheduler_max_attempts", maxAttempts,
                "concurrency", 1, "startup_wait_seconds", 0));
    }

    /** A bus that delivers nothing: the test hands commands to the scheduler itself. */
    static final class IdleBus implements CommandBus {

        @Override
        public void send(String queue, Command command, String duplicateId) {
        }

        @Override
        public Subscription consume(String queue, int concurrency, CommandHandler handler) {
            return new IdleSubscription();
        }

        @Override
        public <T> T call(String queue, Command command, Class<T> answerType, Duration timeout) {
            throw new MessagingException("nothing answers calls here", null);
        }

        @Override
        public Subscription answer(String queue, int concurrency, CallHandler handler) {
            return new IdleSubscription();
        }

        @Override
        public void publish(String topic, Object event) {
        }

        @Override
        public <T> Subscription subscribe(String topic, Class<T> type, Consumer<T> listener) {
            return new IdleSubscription();
        }
    }

    private static final class IdleSubscription implements Subscription {
        private boolean paused;

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public boolean isPaused() {
            return paused;
        }

        @Override
        public void close() {
        }
    }
}
