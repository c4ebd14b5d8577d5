package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.persistence.VolumeStore;
import org.scoria.scheduler.BackendState;
import org.scoria.scheduler.BackendWeigher;
import org.scoria.scheduler.SchedulingRequest;

/**
 * Cinder's volume-number weigher: scores how many volumes a backend holds; with the default
 * negative multiplier the backend with the fewest wins (one count query per backend weighed).
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

    private final VolumeStore store;

    @Activate
    public VolumeNumberWeigher(@Reference VolumeStore store, Config config) {
        super(config.multiplier());
        this.store = store;
    }

    @Override
    public double weigh(BackendState backend, SchedulingRequest request) {
        return store.countOnHost(backend.poolHost());
    }
}
