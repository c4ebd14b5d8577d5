package org.scoria.scheduler;

/**
 * A node's scheduler as the others hear it.
 *
 * @param up               whether its heartbeats still arrive
 * @param reportedAtMillis its last heartbeat
 * @since 2.1
 */
public record SchedulerNodeState(String node, boolean up, long reportedAtMillis) {
}
