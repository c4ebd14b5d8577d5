package org.scoria.volume.manager.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.Subscription;
import org.scoria.persistence.SnapshotStore;
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
        @AttributeDefinition(name = "Host", description = "This node's name in volume hosts (host@backend#pool); empty for the machine's host name.")
        String host() default "";

        @AttributeDefinition(name = "Consumers per backend", description = "Requests a backend handles in parallel.")
        int consumers_per_backend() default 4;

        @AttributeDefinition(name = "Report interval (s)", description = "How often backends report capacity to the schedulers.")
        int report_interval_seconds() default 10;

        @AttributeDefinition(name = "Driver call timeout (s)", description = "How long a driver may take for one operation.")
        int driver_call_timeout_seconds() default 300;

        @AttributeDefinition(name = "Driver absence grace (s)",
                description = "How long a backend whose driver left is reported paused (still placed on, as during an update) before down.")
        int driver_absence_grace_seconds() default 60;
    }

    private static final Logger LOG = LoggerFactory.getLogger(VolumeManager.class);

    private final Map<String, BackendWorker> workers = new ConcurrentHashMap<>();
    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final CommandBus bus;
    private final Config config;
    private final String host;
    private final ExecutorService driverCalls;
    private final ScheduledExecutorService reporting;
    private final AtomicBoolean reportPending = new AtomicBoolean();
    private final Subscription reportRequests;

    @Activate
    public VolumeManager(@Reference VolumeStore store, @Reference SnapshotStore snapshots, @Reference CommandBus bus,
            Config config) {
        this.store = store;
        this.snapshots = snapshots;
        this.bus = bus;
        this.config = config;
        this.host = config.host().isBlank() ? localHostName() : config.host().trim();
        AtomicInteger threads = new AtomicInteger();
        this.driverCalls = Executors.newCachedThreadPool(
                runnable -> daemon(runnable, "scoria-driver-call-" + threads.incrementAndGet()));
        this.reporting = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "scoria-backend-reports"));
        reporting.scheduleWithFixedDelay(this::reportAll, config.report_interval_seconds(),
                config.report_interval_seconds(), TimeUnit.SECONDS);
        this.reportRequests = bus.subscribe(Destinations.REPORT_REQUESTS, Map.class, request -> reportSoon());
        LOG.info("Volume manager started on host {}", host);
    }

    @Deactivate
    void deactivate() {
        reportRequests.close();
        reporting.shutdownNow();
        workers.values().forEach(BackendWorker::close);
        driverCalls.shutdownNow();
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
        BackendWorker.DriverBinding binding = new BackendWorker.DriverBinding(driver, driverName,
                zone == null ? "nova" : zone.toString(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                configuredCapabilities(reference));
        BackendWorker worker = workers.computeIfAbsent(backendName, name -> new BackendWorker(name, host + "@" + name,
                store, snapshots, driverCalls, TimeUnit.SECONDS.toMillis(config.driver_call_timeout_seconds()),
                TimeUnit.SECONDS.toMillis(config.driver_absence_grace_seconds()), this::reportSoon));
        worker.attach(binding);
        synchronized (worker) {
            if (!worker.hasSubscription()) {
                worker.start(bus.consume(Destinations.volumeManager(worker.backendHost()),
                        config.consumers_per_backend(), worker::handle));
            }
        }
        reportSoon();
    }

    void unbindDriver(ServiceReference<VolumeDriver> reference, VolumeDriver driver) {
        String backendName = (String) reference.getProperty(VolumeDriver.BACKEND_NAME);
        BackendWorker worker = backendName == null ? null : workers.get(backendName);
        if (worker != null) {
            worker.detach(driver);
            reportSoon();
        }
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

    private void reportAll() {
        for (BackendWorker worker : workers.values()) {
            try {
                bus.publish(Destinations.BACKEND_REPORTS, worker.report());
            } catch (MessagingException e) {
                LOG.warn("Could not report backend {}: {}", worker.backendHost(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Reporting backend {} failed", worker.backendHost(), e);
            }
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
