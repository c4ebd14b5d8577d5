package org.scoria.scheduler;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.spi.scheduler.BackendState;

/**
 * Every backend the scheduler has heard of, and every node serving them, as it sees them now.
 *
 * @since 1.0
 */
@ProviderType
public interface BackendRegistry {

    List<BackendState> backends();

    /** Every node's state on every backend it reported, by backend then node. @since 2.1 */
    List<BackendNodeState> backendNodes();

    /** The schedulers of every node heard from, this one's included, by node. @since 2.1 */
    List<SchedulerNodeState> schedulers();
}
