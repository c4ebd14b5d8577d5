package org.scoria.persistence;

/**
 * What one project keeps on one backend host: its volumes there and their snapshots, by count
 * and GiB (Cinder's {@code os-hosts} show).
 *
 * @since 3.4
 */
public record HostUsage(String projectId, long volumes, long volumeGb, long snapshots, long snapshotGb) {
}
