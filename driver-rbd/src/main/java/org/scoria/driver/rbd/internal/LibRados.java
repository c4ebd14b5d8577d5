package org.scoria.driver.rbd.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The parts of librados's C API ({@code rados/librados.h}) the driver calls. Functions return
 * 0 or a positive count on success and a negative errno on failure. {@code size_t} is mapped to
 * {@code long}: the driver runs on LP64 Linux, where both are 64 bits.
 */
interface LibRados extends Library {

    int rados_create2(PointerByReference cluster, String clusterName, String userName, long flags);

    int rados_conf_read_file(Pointer cluster, String path);

    int rados_conf_set(Pointer cluster, String option, String value);

    int rados_connect(Pointer cluster);

    void rados_shutdown(Pointer cluster);

    int rados_cluster_fsid(Pointer cluster, byte[] buffer, long length);

    int rados_ioctx_create(Pointer cluster, String poolName, PointerByReference ioctx);

    void rados_ioctx_destroy(Pointer ioctx);

    int rados_mon_command(Pointer cluster, String[] command, long commandLength, Pointer input, long inputLength,
            PointerByReference output, LongByReference outputLength, PointerByReference status,
            LongByReference statusLength);

    void rados_buffer_free(Pointer buffer);
}
