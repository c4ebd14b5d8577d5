package org.scoria.driver.rbd.internal;

import com.sun.jna.Native;

/** The system's librados and librbd, bound through JNA. */
record CephLibraries(LibRados rados, LibRbd rbd) {

    /** @throws IllegalStateException when either cannot be loaded, saying which packages provide them */
    static CephLibraries load() {
        try {
            return new CephLibraries(Native.load("rados", LibRados.class), Native.load("rbd", LibRbd.class));
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("librados/librbd cannot be loaded (install librados2 and librbd1): "
                    + e.getMessage(), e);
        }
    }
}
