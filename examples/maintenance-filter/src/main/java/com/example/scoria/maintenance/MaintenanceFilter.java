package com.example.scoria.maintenance;

import java.util.HashSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.scheduler.BackendFilter;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.SchedulingRequest;

/**
 * Keeps new volumes off the backends an operator has put in a maintenance window
 * ({@code etc/com.example.scoria.maintenance.cfg}, {@code backends=name1,name2}). Enabled by adding
 * {@code MaintenanceFilter} to the scheduler's {@code filters}.
 */
@Component(property = BackendFilter.NAME + "=MaintenanceFilter", configurationPid = MaintenanceFilter.PID)
@Designate(ocd = MaintenanceFilter.Config.class)
public class MaintenanceFilter implements BackendFilter {

    static final String PID = "com.example.scoria.maintenance";

    @ObjectClassDefinition(name = "Example maintenance filter")
    public @interface Config {
        @AttributeDefinition(name = "Backends in maintenance", description = "Backend names that take no new volumes.")
        String[] backends() default {};
    }

    private volatile Set<String> inMaintenance = Set.of();

    @Activate
    @Modified
    void configure(Config config) {
        Set<String> names = new HashSet<>();
        for (String entry : config.backends()) {
            for (String name : entry.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        inMaintenance = Set.copyOf(names);
    }

    @Override
    public boolean passes(BackendState backend, SchedulingRequest request) {
        return !inMaintenance.contains(backend.backendName());
    }
}
