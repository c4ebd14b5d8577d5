package org.scoria.volume.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.HostUsage;

/**
 * Cinder's {@code os-services} for operators: every node's scheduler, and one {@code cinder-volume}
 * service per backend and node serving it, with their real state from their reports, and the
 * switch that stops the scheduler from placing new volumes on a backend. Nodes that share a host
 * serve its backends together, as Cinder's clustered services do: a backend's services form a
 * cluster named after the backend's {@code host@backend}, and its switch is the cluster's.
 *
 * @since 2.3
 */
@ProviderType
public interface ServiceAdmin {

    /**
     * One service.
     *
     * @param cluster      the {@code host@backend} that the service's node shares with other nodes, or
     *                     {@code null} when the service is named after it (one node) @since 3.1
     * @param status       {@code enabled} or {@code disabled}, as an operator set it
     * @param state        {@code up} or {@code down}, from its reports
     * @param backendState the backend's own state, {@code up} or {@code down} (Cinder's 3.49 field)
     */
    record Service(String binary, String host, String cluster, String zone, String status, String state,
            Instant updatedAt, String disabledReason, String backendState) {

        /**
         * The service's number, which Cinder keeps in its services table (workers cleanup's
         * {@code service_id}): Scoria's services are its nodes' reports, so the number is derived
         * from the binary and the host, the same on every call and node.
         *
         * @since 3.2
         */
        public int number() {
            CRC32 crc = new CRC32();
            crc.update((binary + " " + host).getBytes(StandardCharsets.UTF_8));
            return (int) (crc.getValue() & 0x7fffffff);
        }
    }

    /** The services, of one host (or cluster) or binary when not {@code null} (administrators). */
    List<Service> list(RequestContext context, String host, String binary);

    /**
     * Enables or disables a service (administrators); for a {@code cinder-volume} service, the
     * backend it serves on every node.
     *
     * @throws ResourceNotFoundException when there is no such service
     */
    Service setEnabled(RequestContext context, String host, String binary, boolean enabled, String reason);

    /**
     * Cinder's {@code os-hosts} show: per project, what it keeps on a volume service's host,
     * an enabled {@code cinder-volume} of {@link #list}.
     *
     * @throws ResourceNotFoundException when no such volume service is enabled
     * @since 3.2
     */
    List<HostUsage> hostUsage(RequestContext context, String host);

    /**
     * A backend's cluster (Cinder's 3.7): the nodes whose volume service serves the backend,
     * named by the backend's host. It is up while one of them is, and its switch is theirs.
     *
     * @param lastHeartbeat the newest report of its nodes
     * @since 3.2
     */
    record Cluster(String name, String binary, String state, String status, int hosts, int downHosts,
            Instant lastHeartbeat, String disabledReason) {
    }

    /**
     * The backends' clusters, or the one named (administrators).
     *
     * @throws ResourceNotFoundException when there is no cluster of that name
     * @since 3.2
     */
    List<Cluster> clusters(RequestContext context, String name);

    /**
     * Enables or disables a cluster's volume service on every node (administrators).
     *
     * @throws ResourceNotFoundException when there is no such cluster
     * @since 3.2
     */
    Cluster setClusterEnabled(RequestContext context, String name, boolean enabled, String reason);

    /**
     * Which services a workers cleanup (Cinder's 3.24) selects: of a host or cluster, a binary,
     * up or not ({@code null} for either), disabled or not, of a {@link Service#number()}.
     *
     * @since 3.2
     */
    record CleanupFilter(String host, String cluster, String binary, Boolean up, Boolean disabled, Integer serviceId) {
    }

    /**
     * What a cleanup did: the services whose pending work was sent again now (their backend, or
     * the scheduler, has a node up to take it) and those whose work waits for a node to come up.
     *
     * @since 3.2
     */
    record Cleanup(List<Service> cleaning, List<Service> unavailable) {
    }

    /**
     * Cinder's workers cleanup on demand (administrators): the command journal sends the selected
     * services' pending commands now instead of at its next round. A resource never waits on a
     * node that is down here, since a backend's nodes share its queue, so this only hastens what
     * the journal does anyway.
     *
     * @since 3.2
     */
    Cleanup cleanup(RequestContext context, CleanupFilter filter);

    /**
     * How many requests are in flight on a backend ({@code host@backend}): its volumes and
     * snapshots in a status that its volume manager will end. What a drain waits for
     * (administrators).
     *
     * @since 4.1
     */
    long requestsInFlight(RequestContext context, String backendHost);
}
