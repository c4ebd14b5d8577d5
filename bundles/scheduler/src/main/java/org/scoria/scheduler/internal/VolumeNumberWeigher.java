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
 * Cinder's volume-number weigher: scores how many volumes a backend holds, its reported
 * {@code total_volumes} with this scheduler's placements since counted in; with the default
 * negative multiplier the backend with the fewest wins. A backend that reports no count scores 0.
 */
@Component(service = BackendWeigher.class, property = BackendWeigher.NAME + "=VolumeNumberWeigher",
        configurationPid = "org.scoria.scheduler.volumenumberweigher")
@Designate(ocd = VolumeNumberWeigher.Config.class)
public class VolumeNumberWeigher extends MultipliedWeigher {

    @ObjectClassDefinition(name = "Scoria volume number weigher")
    public @interface Config {
        @AttributeDefinition(name = "Multiplier",
                description = "Cinder's volume_number_multiplier: negative spreads by count, positive stacks.")
        double multiplier() default -1.0;
    }

    @Activate
    public VolumeNumberWeigher(Config config) {
        super(config.multiplier());
    }

    @Override
    public double weigh(BackendState backend, SchedulingRequest request) {
        return backend.capabilities().get(BackendStateTracker.TOTAL_VOLUMES) instanceof Number count
                ? count.doubleValue() : 0;
    }
}
