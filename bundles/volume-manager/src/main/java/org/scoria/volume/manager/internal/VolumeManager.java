package org.scoria.volume.manager.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.guard.VendorGuard;
import org.scoria.image.ImageService;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.Node;
import org.scoria.messaging.Subscription;
import org.scoria.persistence.ImageCacheStore;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.UserMessageStore;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.VolumeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's volume manager for every backend on this host. Each {@link VolumeDriver} service is
 * a backend; its queue is consumed while a driver serves it. When a driver leaves, consumption
 * pauses after the requests in hand finish; when a driver for the backend comes back, it
 * resumes — so a driver bundle can be updated under load without failing or losing a request.
 */
@Component(configurationPid = "org.scoria.volume")
@Designate(ocd = VolumeManager.Config.class)
public class VolumeManager {

    @ObjectClassDefinition(name = "Scoria volume manager")
    public @interface Config {
        @AttributeDefinition(name = "Host",
                description = "The host in volume hosts (host@backend#pool), shared by nodes serving the same backends; empty for this node's name.")
        String host() default "";

        @AttributeDefinition(name = "Consumers per backend", description = "Requests a backend handles in parallel.")
        int consumers_per_backend() default 4;

        @AttributeDefinition(name = "Callers per backend",
                description = "Synchronous calls (exports for attachments) a backend answers in parallel, apart from its requests.")
        int callers_per_backend() default 4;

        @AttributeDefinition(name = "Report interval (s)", description = "How often backends report capacity to the schedulers.")
        int report_interval_seconds() default 10;

        @AttributeDefinition(name = "Driver call timeout (s)", description = "How long a driver may take for one operation.")
        int driver_call_timeout_seconds() default 300;

        @AttributeDefinition(name = "Driver stats timeout (s)",
                description = "How long a driver may take to report its stats; one that takes longer is reported down.")
        int driver_stats_timeout_seconds() default 20;

        @AttributeDefinition(name = "Driver absence grace (s)",
                description = "How long a backend whose driver left is reported paused (still placed on, as during an update) before down.")
        int driver_absence_grace_seconds() default 60;

        @AttributeDefinition(name = "Driver leave wait (s)", description = "How long a leaving driver's unbind waits for"
                + " the requests in hand; one whose driver call hangs ends on its own, at the call's time limit.")
        int driver_leave_wait_seconds() default 20;

        @AttributeDefinition(name = "Image staging directory", description = "Where images are downloaded and checked"
                + " before a driver writes them onto new volumes; empty: data/image-staging. Needs room for the"
                + " largest image being written at once.")
        String image_staging_directory() default "";

        @AttributeDefinition(name = "Image download stall timeout (s)", description = "A download from Glance that"
                + " receives nothing for this long is given up, and its volume ends in error.")
        int image_download_stall_timeout_seconds() default 120;

        @AttributeDefinition(name = "Image-volume cache", description = "Each backend keeps a volume of Scoria's own"
                + " per image it made volumes from, and clones it for the next volumes from that image.")
        boolean image_volume_cache_enabled() default true;

        @AttributeDefinition(name = "Image-volume cache entries", description = "Entries a backend's cache holds at"
                + " most, least recently used evicted first; 0 for no limit.")
        int image_volume_cache_max_count() default 0;

        @AttributeDefinition(name = "Image-volume cache size (GiB)", description = "GiB a backend's cache holds at"
                + " most, least recently used evicted first; 0 for no limit.")
        int image_volume_cache_max_size_gb() default 0;

        @AttributeDefinition(name = "qemu-img command", description = "Inspects staged images (qemu-img info).")
        String qemu_img_command() default "qemu-img";
    }

    private static final Logger LOG = LoggerFactory.getLogger(VolumeManager.class);

    private final Map<String, BackendWorker> workers = new ConcurrentHashMap<>();
    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final CommandBus bus;
    private final CommandJournal journal;
    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configurations;
    private final BundleContext bundleContext;
    private final BundleListener bundleListener = this::bundleChanged;
    private final Config config;
    private final String host;
    private final String node;
    private final VendorGuard guard;
    private final ImageTransfers images;
    /** Makes the reports, each backend's on a thread of its own. */
    private final ExecutorService reportCalls;
    private final ScheduledExecutorService reporting;
    /** Gives up image downloads that stall. */
    private final ScheduledExecutorService stallWatch;
    private final AtomicBoolean reportPending = new AtomicBoolean();
    private final Subscription reportRequests;

    @Activate
    public VolumeManager(@Reference VolumeStore store, @Reference SnapshotStore snapshots, @Reference CommandBus bus,
            @Reference CommandJournal journal, @Reference ServiceComponentRuntime scr, @Reference ConfigurationAdmin configurations,
            @Reference Node node, @Reference VendorGuard guard, @Reference ImageService images,
            @Reference UserMessageStore messages, @Reference ImageCacheStore imageCache,
            BundleContext bundleContext, Config config) {
        this.store = store;
        this.snapshots = snapshots;
        this.bus = bus;
        this.journal = journal;
        this.scr = scr;
        this.configurations = configurations;
        this.bundleContext = bundleContext;
        this.guard = guard;
        this.config = config;
        Path staging = config.image_staging_directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "image-staging")
                : Path.of(config.image_staging_directory().trim());
        this.reporting = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "scoria-backend-reports"));
        this.stallWatch = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "scoria-image-stall-watch"));
        this.images = new ImageTransfers(new ImageStaging(images, staging, config.qemu_img_command(),
                config.driver_call_timeout_seconds(), new StallWatch(stallWatch,
                        Duration.ofSeconds(config.image_download_stall_timeout_seconds()))),
                new ImageUploads(images, messages, staging), messages, new ImageVolumeCache(imageCache,
                        new ImageVolumeCache.Limits(config.image_volume_cache_enabled(),
                                config.image_volume_cache_max_count(), config.image_volume_cache_max_size_gb()),
                        Duration.ofSeconds(config.driver_call_timeout_seconds())));
        this.node = node.name();
        this.host = config.host().isBlank() ? this.node : config.host().trim();
        AtomicInteger threads = new AtomicInteger();
        this.reportCalls = Executors.newCachedThreadPool(
                runnable -> daemon(runnable, "scoria-backend-report-" + threads.incrementAndGet()));
        reporting.scheduleWithFixedDelay(this::reportPeriodically, config.report_interval_seconds(),
                config.report_interval_seconds(), TimeUnit.SECONDS);
        this.reportRequests = bus.subscribe(Destinations.REPORT_REQUESTS, Map.class, request -> reportSoon());
        bundleContext.addBundleListener(bundleListener);
        LOG.info("Volume manager started on host {} (node {})", host, node);
    }

    @Deactivate
    void deactivate() {
        bundleContext.removeBundleListener(bundleListener);
        reportRequests.close();
        reporting.shutdownNow();
        stallWatch.shutdownNow();
        workers.values().forEach(BackendWorker::close);
        reportCalls.shutdownNow();
    }

    /** Capabilities the operator configures for any driver's backend: Cinder's filter and goodness functions. */
    private static Map<String, Object> configuredCapabilities(ServiceReference<VolumeDriver> reference) {
        Map<String, Object> capabilities = new HashMap<>();
        Object filter = reference.getProperty(VolumeDriver.FILTER_FUNCTION);
        Object goodness = reference.getProperty(VolumeDriver.GOODNESS_FUNCTION);
        if (filter != null && !filter.toString().isBlank()) {
            capabilities.put("filter_function", filter.toString());
        }
        if (goodness != null && !goodness.toString().isBlank()) {
            capabilities.put("goodness_function", goodness.toString());
        }
        return capabilities;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(ServiceReference<VolumeDriver> reference, VolumeDriver driver) {
        String backendName = (String) reference.getProperty(VolumeDriver.BACKEND_NAME);
        String driverName = (String) reference.getProperty(VolumeDriver.DRIVER_NAME);
        Bundle bundle = reference.getBundle();
        if (backendName == null || backendName.isBlank() || driverName == null) {
            LOG.error("Ignored a volume driver from {}: its service lacks {} or {}", bundle.getSymbolicName(),
                    VolumeDriver.BACKEND_NAME, VolumeDriver.DRIVER_NAME);
            return;
        }
        Object zone = reference.getProperty(VolumeDriver.AVAILABILITY_ZONE);
        DriverBinding binding = new DriverBinding(driver, driverName,
                zone == null ? "nova" : zone.toString(), bundle.getBundleId(), bundle.getSymbolicName(),
                bundle.getVersion().toString(), configuredCapabilities(reference));
        BackendWorker worker;
        synchronized (workers) {
            worker = worker(backendName);
            worker.attach(binding);
        }
        synchronized (worker) {
            if (!worker.hasSubscription()) {
                worker.start(bus.consume(Destinations.volumeManager(worker.backendHost()),
                        config.consumers_per_backend(), worker::handle),
                        bus.answer(Destinations.volumeManagerCalls(worker.backendHost()),
                                config.callers_per_backend(), worker::answer));
            }
        }
        reportSoon();
    }

    void unbindDriver(ServiceReference<VolumeDriver> reference, VolumeDriver driver) {
        String backendName = (String) reference.getProperty(VolumeDriver.BACKEND_NAME);
        BackendWorker worker = backendName == null ? null : workers.get(backendName);
        if (worker != null) {
            // A bundle that stops may be updated and back in a moment, and so is a driver whose
            // configuration changed; one whose configuration is gone while its bundle stays is not.
            Bundle bundle = reference.getBundle();
            boolean bundleStays = bundle != null && bundle.getState() == Bundle.ACTIVE;
            worker.detach(driver, bundleStays && !configurationExists(reference)
                    ? "the backend's configuration was removed from " + bundle.getSymbolicName() : null);
            reportSoon();
        }
    }

    /** Whether the driver's configuration is still there; when it cannot tell, it assumes so (paused, not down). */
    private boolean configurationExists(ServiceReference<VolumeDriver> reference) {
        Object pid = reference.getProperty(Constants.SERVICE_PID);
        if (!(pid instanceof String)) {
            return true;
        }
        try {
            return configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")") != null;
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Could not look up configuration {}: {}", pid, e.getMessage());
            return true;
        }
    }

    /** An uninstalled driver bundle is not coming back: its backends are down at once. */
    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            String reason = "the driver bundle " + event.getBundle().getSymbolicName() + " "
                    + event.getBundle().getVersion() + " was uninstalled";
            workers.values().forEach(worker -> worker.driverGone(event.getBundle().getBundleId(), reason));
            reportSoon();
        }
    }

    /**
     * Driver components whose activation failed (SCR keeps their failure): their backends are
     * reported down with it, rather than missing.
     */
    private void noteFailedDrivers() {
        Set<String> failedBackends = new HashSet<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.serviceInterfaces == null
                    || !List.of(description.serviceInterfaces).contains(VolumeDriver.class.getName())) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                Object backendName = configuration.properties.get(VolumeDriver.BACKEND_NAME);
                if (configuration.state != ComponentConfigurationDTO.FAILED_ACTIVATION || backendName == null) {
                    continue;
                }
                Object driverName = configuration.properties.get(VolumeDriver.DRIVER_NAME);
                Object zone = configuration.properties.get(VolumeDriver.AVAILABILITY_ZONE);
                DriverBinding failed = new DriverBinding(null,
                        driverName == null ? description.name : driverName.toString(),
                        zone == null ? "nova" : zone.toString(), description.bundle.id, description.bundle.symbolicName,
                        description.bundle.version, Map.of());
                worker(backendName.toString()).driverFailed(failed, rootCause(configuration.failure));
                failedBackends.add(backendName.toString());
            }
        }
        // A failed backend whose configuration was since removed, and that no driver ever served, is forgotten.
        synchronized (workers) {
            workers.entrySet().removeIf(entry -> !failedBackends.contains(entry.getKey())
                    && !entry.getValue().hasSubscription() && !entry.getValue().isServed());
        }
    }

    /** The root cause's line of SCR's failure text (a stack trace): the reflection wrappers say nothing. */
    private static String rootCause(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        String cause = failure.lines().findFirst().orElse(failure);
        for (String line : (Iterable<String>) failure.lines()::iterator) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.trim();
    }

    private BackendWorker worker(String backendName) {
        BackendTimes times = new BackendTimes(TimeUnit.SECONDS.toMillis(config.driver_call_timeout_seconds()),
                TimeUnit.SECONDS.toMillis(config.driver_stats_timeout_seconds()),
                TimeUnit.SECONDS.toMillis(config.driver_absence_grace_seconds()),
                TimeUnit.SECONDS.toMillis(config.driver_leave_wait_seconds()));
        return workers.computeIfAbsent(backendName, name -> new BackendWorker(name, host + "@" + name, node, store,
                snapshots, journal, guard, times, images, this::reportSoon));
    }

    /** Reports within a second, coalescing bursts of changes into one report. */
    void reportSoon() {
        if (reportPending.compareAndSet(false, true)) {
            try {
                reporting.schedule(() -> {
                    reportPending.set(false);
                    reportAll();
                }, 200, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                reportPending.set(false);
            }
        }
    }

    /**
     * Every report interval: the reports, after a look for drivers that failed to start (a scan of
     * every component SCR knows, too costly for the reports made after each driver operation).
     */
    private void reportPeriodically() {
        try {
            noteFailedDrivers();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the state of driver components: {}", e.getMessage());
        }
        reportAll();
    }

    private void reportAll() {
        // Each backend on its own thread: a driver that hangs delays its own report, not the others'.
        for (BackendWorker worker : workers.values()) {
            if (!worker.reporter().startReport()) {
                // A report is still being made: it may predate a change, so another follows it.
                worker.reporter().reportAgain();
                continue;
            }
            try {
                reportCalls.execute(() -> {
                    try {
                        bus.publish(Destinations.BACKEND_REPORTS, worker.reporter().report());
                    } catch (MessagingException e) {
                        LOG.warn("Could not report backend {}: {}", worker.backendHost(), e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.error("Reporting backend {} failed", worker.backendHost(), e);
                    } finally {
                        if (worker.reporter().reportDone()) {
                            reportSoon();
                        }
                    }
                });
            } catch (RejectedExecutionException stopping) {
                worker.reporter().reportDone();
            }
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
