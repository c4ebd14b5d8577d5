package org.scoria.messaging;

/**
 * A scheduler's heartbeat: every node's scheduler publishes one periodically and when asked to
 * report, so each node can list the schedulers of all nodes and tell which stopped.
 *
 * @param node             the scheduler's node ({@link Node})
 * @param reportedAtMillis when it was sent, epoch milliseconds
 * @since 1.8
 */
public record SchedulerReport(String node, long reportedAtMillis) {
}
