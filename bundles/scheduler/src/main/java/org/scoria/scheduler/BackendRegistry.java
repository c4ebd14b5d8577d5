package org.scoria.scheduler;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every backend the scheduler has heard of, as it sees them now.
 *
 * @since 1.0
 */
@ProviderType
public interface BackendRegistry {

    List<BackendState> backends();
}
