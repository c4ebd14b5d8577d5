package org.scoria.scheduler;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks the scheduler whether a volume may stay on its backend under new requirements (a retype),
 * with the filters the scheduler runs for creates.
 *
 * @since 1.1
 */
@ProviderType
public interface PlacementCheck {

    /**
     * Why the backend of {@code request.existingHost()} does not fit the request, or empty when
     * it does.
     *
     * @throws IllegalStateException when the scheduler cannot decide now (a filter is missing)
     */
    Optional<String> refusal(SchedulingRequest request);
}
