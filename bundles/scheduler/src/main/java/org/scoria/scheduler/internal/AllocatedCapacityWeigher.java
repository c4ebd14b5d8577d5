package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;

/**
 * Cinder's allocated-capacity weigher: scores what is already provisioned on a backend; with
 * the default negative multiplier the least allocated backend wins, spreading volumes by
 * allocation rather than by free space.
 */
@Component(service = BackendWeigher.class, property = BackendWeigher.NAME + "=AllocatedCapacityWeigher",
        configurationPid = "org.scoria.scheduler.allocatedcapacityweigher")
@Designate(ocd = AllocatedCapacityWeigher.Config.class)
public class AllocatedCapacityWeigher extends MultipliedWeigher {

    @ObjectClassDefinition(name = "Scoria allocated capacity weigher")
    public @interface Config {
        @AttributeDefinition(name = "Multiplier",
                description = "Cinder's allocated_capacity_weight_multiplier: negative spreads, positive stacks.")
        double multiplier() default -1.0;
    }

    @Activate
    public AllocatedCapacityWeigher(Config config) {
        super(config.multiplier());
    }

    @Override
    public double weigh(BackendState backend, SchedulingRequest request) {
        return backend.provisionedCapacityGb();
    }
}
