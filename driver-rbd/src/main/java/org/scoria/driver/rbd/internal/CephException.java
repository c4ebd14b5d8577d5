package org.scoria.driver.rbd.internal;

import org.scoria.spi.volume.DriverException;

/** A librados or librbd call returned an error. */
class CephException extends DriverException {

    private static final long serialVersionUID = 1L;

    private final int returnCode;

    CephException(int returnCode, String call) {
        super(call + " failed: " + CephErrno.describe(returnCode));
        this.returnCode = returnCode;
    }

    /** The errno, positive, e.g. {@link CephErrno#ENOENT}. */
    int errno() {
        return Math.abs(returnCode);
    }

    /** Whether the cluster did not answer or the connection is unusable: a new connection may be needed. */
    boolean isConnectionLost() {
        int errno = errno();
        return errno == CephErrno.ETIMEDOUT || errno == CephErrno.ESHUTDOWN || errno == CephErrno.ENOTCONN
                || errno == CephErrno.ECONNABORTED || errno == CephErrno.ECONNREFUSED;
    }
}
