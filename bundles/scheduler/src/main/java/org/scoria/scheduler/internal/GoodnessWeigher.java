package org.scoria.scheduler.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.spi.scheduler.BackendWeigher;
import org.scoria.spi.scheduler.SchedulingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's goodness weigher: the {@code goodness_function} a backend reports rates it from 0 to
 * 100 for the volume (true counts 100, false 0). A backend without one, or whose function fails
 * or leaves that range, rates 0.
 */
@Component(service = BackendWeigher.class, property = BackendWeigher.NAME + "=GoodnessWeigher",
        configurationPid = "org.scoria.scheduler.goodnessweigher")
@Designate(ocd = GoodnessWeigher.Config.class)
public class GoodnessWeigher extends MultipliedWeigher {

    @ObjectClassDefinition(name = "Scoria goodness weigher")
    public @interface Config {
        @AttributeDefinition(name = "Multiplier", description = "Cinder's goodness_weight_multiplier.")
        double multiplier() default 1.0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GoodnessWeigher.class);

    private final ReportedFunction function = new ReportedFunction(ReportedFunction.GOODNESS);

    @Activate
    public GoodnessWeigher(Config config) {
        super(config.multiplier());
    }

    @Override
    public double weigh(BackendState backend, SchedulingRequest request) {
        Object rating = function.evaluate(backend, request, 0.0).orElse(0.0);
        double goodness;
        try {
            goodness = rating instanceof Boolean good ? (good ? 100 : 0) : DriverFunction.number(rating);
        } catch (IllegalArgumentException notANumber) {
            goodness = -1;
        }
        if (goodness < 0 || goodness > 100) {
            LOG.debug("Backend {} rates a volume {}, outside 0..100: counted as 0", backend.backendHost(), goodness);
            return 0;
        }
        return goodness;
    }
}
