package org.scoria.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.scoria.scheduler.cfg}, read by the scheduler and its backend-state tracker. */
@ObjectClassDefinition(name = "Scoria scheduler")
public @interface SchedulerConfig {
    @AttributeDefinition(name = "Filters", description = "Filter names, applied in this order.")
    String[] filters() default {"RetryFilter", "AvailabilityZoneFilter", "CapacityFilter", "CapabilitiesFilter",
        "DifferentBackendFilter", "SameBackendFilter", "JsonFilter", "DriverFilter"};

    @AttributeDefinition(name = "Weighers", description = "Weigher names; their normalised scores are summed.")
    String[] weighers() default {"CapacityWeigher"};

    @AttributeDefinition(name = "Plug-in call timeout (ms)", description = "How long a vendor's filter or weigher"
            + " (one from another bundle) may take over all backends for one placement; one that takes longer fails"
            + " that placement, naming its bundle.")
    int plugin_call_timeout_ms() default 2000;

    @AttributeDefinition(name = "Max attempts",
            description = "Backends a create is tried on before it goes to error; 1 turns rescheduling off.")
    int scheduler_max_attempts() default 3;

    @AttributeDefinition(name = "Concurrency", description = "Requests scheduled in parallel.")
    int concurrency() default 4;

    @AttributeDefinition(name = "Start-up wait (s)",
            description = "How long to wait for the first backend report before scheduling anyway.")
    int startup_wait_seconds() default 15;

    @AttributeDefinition(name = "Service down time (s)",
            description = "A backend (or another node's scheduler) whose reports stop for this long is down: nothing more is placed on it.")
    int service_down_time_seconds() default 60;

    @AttributeDefinition(name = "Heartbeat interval (s)",
            description = "How often this node's scheduler tells the other nodes' that it runs (their os-services).")
    int heartbeat_interval_seconds() default 10;
}
