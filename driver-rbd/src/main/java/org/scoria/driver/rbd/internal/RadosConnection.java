package org.scoria.driver.rbd.internal;

import java.nio.charset.StandardCharsets;

import org.scoria.spi.volume.DriverException;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * One connection to a cluster: a librados handle and an I/O context on the backend's pool, both
 * thread-safe. {@link RadosConnectionPool} closes it only once no call uses it.
 */
final class RadosConnection implements AutoCloseable {

    private final LibRados rados;
    private final Pointer cluster;
    private final Pointer ioctx;

    private RadosConnection(LibRados rados, Pointer cluster, Pointer ioctx) {
        this.rados = rados;
        this.cluster = cluster;
        this.ioctx = ioctx;
    }

    static RadosConnection open(LibRados rados, ClusterSettings settings) throws CephException {
        PointerByReference handle = new PointerByReference();
        String client = "client." + settings.user();
        CephErrno.check(rados.rados_create2(handle, settings.clusterName(), client, 0), "rados_create2 " + client);
        Pointer cluster = handle.getValue();
        try {
            CephErrno.check(rados.rados_conf_read_file(cluster, settings.confPath()), "rados_conf_read_file " + settings.confPath());
            if (!settings.keyring().isEmpty()) {
                set(rados, cluster, "keyring", settings.keyring());
            }
            // Without these, an unreachable cluster blocks a connect for 5 minutes and an operation forever.
            set(rados, cluster, "client_mount_timeout", Integer.toString(settings.connectTimeoutSeconds()));
            set(rados, cluster, "rados_mon_op_timeout", Integer.toString(settings.operationTimeoutSeconds()));
            set(rados, cluster, "rados_osd_op_timeout", Integer.toString(settings.operationTimeoutSeconds()));
            CephErrno.check(rados.rados_connect(cluster), "rados_connect as " + client + " with " + settings.confPath());
            PointerByReference context = new PointerByReference();
            CephErrno.check(rados.rados_ioctx_create(cluster, settings.pool(), context), "rados_ioctx_create " + settings.pool());
            return new RadosConnection(rados, cluster, context.getValue());
        } catch (CephException e) {
            rados.rados_shutdown(cluster);
            throw e;
        }
    }

    private static void set(LibRados rados, Pointer cluster, String option, String value) throws CephException {
        CephErrno.check(rados.rados_conf_set(cluster, option, value), "rados_conf_set " + option);
    }

    Pointer ioctx() {
        return ioctx;
    }

    /** Work with an I/O context on another pool of the cluster. */
    @FunctionalInterface
    interface PoolWork<T> {
        T apply(Pointer ioctx) throws DriverException;
    }

    /** Runs {@code work} with an I/O context on {@code poolName}, destroyed afterwards. */
    <T> T inPool(String poolName, PoolWork<T> work) throws DriverException {
        PointerByReference context = new PointerByReference();
        CephErrno.check(rados.rados_ioctx_create(cluster, poolName, context), "rados_ioctx_create " + poolName);
        try {
            return work.apply(context.getValue());
        } finally {
            rados.rados_ioctx_destroy(context.getValue());
        }
    }

    /** Runs a monitor command (JSON, as the {@code ceph} CLI sends it) and returns its JSON output. */
    String monCommand(String command) throws CephException {
        PointerByReference output = new PointerByReference();
        LongByReference outputLength = new LongByReference();
        PointerByReference status = new PointerByReference();
        LongByReference statusLength = new LongByReference();
        int rc = rados.rados_mon_command(cluster, new String[] {command}, 1, null, 0, output, outputLength, status,
                statusLength);
        try {
            if (rc < 0) {
                String said = text(status.getValue(), statusLength.getValue());
                throw new CephException(rc, "mon command " + command + (said.isEmpty() ? "" : " (" + said + ")"));
            }
            return text(output.getValue(), outputLength.getValue());
        } finally {
            free(output.getValue());
            free(status.getValue());
        }
    }

    String fsid() throws CephException {
        byte[] buffer = new byte[64];
        int length = CephErrno.check(rados.rados_cluster_fsid(cluster, buffer, buffer.length), "rados_cluster_fsid");
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }

    private static String text(Pointer buffer, long length) {
        return buffer == null || length == 0 ? "" : new String(buffer.getByteArray(0, (int) length), StandardCharsets.UTF_8);
    }

    private void free(Pointer buffer) {
        if (buffer != null) {
            rados.rados_buffer_free(buffer);
        }
    }

    @Override
    public void close() {
        rados.rados_ioctx_destroy(ioctx);
        rados.rados_shutdown(cluster);
    }
}
