package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Prefers the backend with the most (virtual) free capacity; a negative multiplier stacks volumes instead. */
@Component(service = BackendWeigher.class, property = BackendWeigher.NAME + "=CapacityWeigher",
        configurationPid = "org.scoria.scheduler.capacityweigher")
@Designate(ocd = CapacityWeigher.Config.class)
public class CapacityWeigher extends MultipliedWeigher {

    @ObjectClassDefinition(name = "Scoria capacity weigher")
    public @interface Config {
        @AttributeDefinition(name = "Multiplier", description = "Cinder's capacity_weight_multiplier: positive spreads volumes, negative stacks them.")
        double multiplier() default 1.0;
    }

    @Activate
    public CapacityWeigher(Config config) {
        super(config.multiplier());
    }

    @Override
    public double weigh(BackendState backend, SchedulingRequest request) {
        return Math.floor(backend.virtualFreeCapacityGb());
    }
}
