package org.scoria.scheduler;

/**
 * One node's part in serving a backend, from that node's last report: nodes that share a host
 * consume the backend's queue together, and each may run its own driver bundle version.
 *
 * @param node        the reporting node
 * @param state       {@code up}, {@code paused} or {@code down}; down when its reports stopped
 * @param stateReason why it is not up, or {@code null}
 * @since 2.1
 */
public record BackendNodeState(String backendHost, String node, String driverBundle, String driverBundleVersion,
        String state, String stateReason, long reportedAtMillis) {
}
