package org.scoria.driver.rbd.internal;

import java.util.Map;

/**
 * The errno values librados and librbd return (negated), with what each means for an operator
 * of a Ceph backend. Linux's numbering: the only platform the libraries are loaded on.
 */
final class CephErrno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int EINVAL = 22;
    static final int EFBIG = 27;
    static final int ENOSPC = 28;
    static final int EROFS = 30;
    static final int EDOM = 33;
    static final int ERANGE = 34;
    static final int ENOSYS = 38;
    static final int ENOTEMPTY = 39;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;
    static final int ECONNABORTED = 103;
    static final int ENOTCONN = 107;
    static final int ESHUTDOWN = 108;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EDQUOT = 122;
    static final int ECANCELED = 125;

    private record Meaning(String name, String text) {
    }

    private static final Map<Integer, Meaning> MEANINGS = Map.ofEntries(
            Map.entry(EPERM, new Meaning("EPERM", "operation not permitted (the client's caps do not allow it)")),
            Map.entry(ENOENT, new Meaning("ENOENT", "no such pool, image or snapshot")),
            Map.entry(EIO, new Meaning("EIO", "input/output error in the cluster")),
            Map.entry(EAGAIN, new Meaning("EAGAIN", "resource temporarily unavailable, try again")),
            Map.entry(ENOMEM, new Meaning("ENOMEM", "out of memory")),
            Map.entry(EACCES, new Meaning("EACCES", "permission denied (check the client name, keyring and caps)")),
            Map.entry(EBUSY, new Meaning("EBUSY", "resource busy (the image is open elsewhere, or a snapshot has clones)")),
            Map.entry(EEXIST, new Meaning("EEXIST", "already exists")),
            Map.entry(EXDEV, new Meaning("EXDEV", "the image has a parent that blocks this operation")),
            Map.entry(EINVAL, new Meaning("EINVAL", "invalid argument (e.g. an unprotected snapshot cloned by a pre-mimic cluster)")),
            Map.entry(EFBIG, new Meaning("EFBIG", "size too large")),
            Map.entry(ENOSPC, new Meaning("ENOSPC", "no space left in the cluster")),
            Map.entry(EROFS, new Meaning("EROFS", "read-only (a snapshot, or an image opened read-only)")),
            Map.entry(EDOM, new Meaning("EDOM", "argument out of range (e.g. an object size librbd does not accept)")),
            Map.entry(ERANGE, new Meaning("ERANGE", "result too large for the buffer")),
            Map.entry(ENOSYS, new Meaning("ENOSYS", "function not implemented by this Ceph release")),
            Map.entry(ENOTEMPTY, new Meaning("ENOTEMPTY", "the image still has snapshots")),
            Map.entry(ENODATA, new Meaning("ENODATA", "no data available")),
            Map.entry(EOPNOTSUPP, new Meaning("EOPNOTSUPP", "operation not supported (an image feature is missing)")),
            Map.entry(ECONNABORTED, new Meaning("ECONNABORTED", "connection aborted")),
            Map.entry(ENOTCONN, new Meaning("ENOTCONN", "not connected to the cluster")),
            Map.entry(ESHUTDOWN, new Meaning("ESHUTDOWN", "the client was blocklisted by the cluster or shut down")),
            Map.entry(ETIMEDOUT, new Meaning("ETIMEDOUT", "timed out: the cluster's monitors or OSDs did not answer")),
            Map.entry(ECONNREFUSED, new Meaning("ECONNREFUSED", "connection refused by the monitors")),
            Map.entry(EDQUOT, new Meaning("EDQUOT", "the pool's quota is exceeded")),
            Map.entry(ECANCELED, new Meaning("ECANCELED", "operation canceled")));

    private CephErrno() {
    }

    /** A return code as operators read it, e.g. {@code ENOENT (-2): no such pool, image or snapshot}. */
    static String describe(int returnCode) {
        Meaning meaning = MEANINGS.get(Math.abs(returnCode));
        return meaning == null ? "error " + returnCode : meaning.name() + " (" + returnCode + "): " + meaning.text();
    }

    /**
     * Checks a librados/librbd return code.
     *
     * @param call what was asked and on what, e.g. {@code rbd_remove volumes/volume-1}
     * @return the code when it is not an error (0 or a count)
     * @throws CephException naming the call and the error when it is negative
     */
    static int check(int returnCode, String call) throws CephException {
        if (returnCode < 0) {
            throw new CephException(returnCode, call);
        }
        return returnCode;
    }
}
