package org.scoria.driver.rbd.internal;

/**
 * How to reach a backend's cluster and pool.
 *
 * @param confPath               the {@code ceph.conf} to read
 * @param clusterName            the cluster's name, {@code ceph} unless the deployment renamed it
 * @param user                   the client's id without {@code client.}, e.g. {@code cinder}
 * @param keyring                the keyring file, or empty for the one {@code ceph.conf} names
 * @param pool                   the pool holding the backend's images
 * @param connectTimeoutSeconds  how long to wait for the monitors when connecting
 * @param operationTimeoutSeconds how long one monitor or OSD operation may take
 */
record ClusterSettings(String confPath, String clusterName, String user, String keyring, String pool,
        int connectTimeoutSeconds, int operationTimeoutSeconds) {
}
