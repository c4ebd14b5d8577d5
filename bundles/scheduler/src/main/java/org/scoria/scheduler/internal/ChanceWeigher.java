package org.scoria.scheduler.internal;

import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;

/** Cinder's chance weigher: a random score, so equal backends share the load at random. */
@Component(service = BackendWeigher.class, property = BackendWeigher.NAME + "=ChanceWeigher",
        configurationPid = "org.scoria.scheduler.chanceweigher")
@Designate(ocd = ChanceWeigher.Config.class)
public class ChanceWeigher extends MultipliedWeigher {

    @ObjectClassDefinition(name = "Scoria chance weigher")
    public @interface Config {
        @AttributeDefinition(name = "Multiplier", description = "How much chance counts against the other weighers.")
        double multiplier() default 1.0;
    }

    @Activate
    public ChanceWeigher(Config config) {
        super(config.multiplier());
    }

    @Override
    public double weigh(BackendState backend, SchedulingRequest request) {
        return ThreadLocalRandom.current().nextDouble();
    }
}
