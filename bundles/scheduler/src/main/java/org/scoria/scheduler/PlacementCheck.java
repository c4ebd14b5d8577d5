package org.scoria.scheduler;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.Volume;

/**
 * Asks the scheduler whether a volume may stay on its backend under new requirements (a retype),
 * with the filters the scheduler runs for creates.
 *
 * @since 1.1
 */
@ProviderType
public interface PlacementCheck {

    /**
     * Why the backend the volume is on would not take it with volume type {@code typeId} (its
     * extra specs and QoS specs), or empty when it would.
     *
     * @throws IllegalStateException when the scheduler cannot decide now (a filter is missing)
     * @since 2.0
     */
    Optional<String> refusal(Volume volume, String typeId);
}
