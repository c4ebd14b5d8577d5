package org.scoria.scheduler.internal;

import org.scoria.spi.scheduler.BackendWeigher;

/**
 * A weigher whose multiplier an operator sets in its configuration. Subclasses name
 * {@code service = BackendWeigher.class}: DS registers only directly implemented interfaces.
 */
abstract class MultipliedWeigher implements BackendWeigher {

    private final double multiplier;

    MultipliedWeigher(double multiplier) {
        this.multiplier = multiplier;
    }

    @Override
    public final double multiplier() {
        return multiplier;
    }
}
