package org.scoria.driver.rbd.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/** An open RBD image; every failed call names the image in its error. */
final class RbdImage implements AutoCloseable {

    /** Where a clone's data comes from until it is flattened. */
    record Parent(String pool, String image, String snapshot) {
    }

    private final LibRbd rbd;
    private final Pointer image;
    private final String name;

    private RbdImage(LibRbd rbd, Pointer image, String name) {
        this.rbd = rbd;
        this.image = image;
        this.name = name;
    }

    /** Opens {@code pool/image}; an image that does not exist throws with {@link CephErrno#ENOENT}. */
    static RbdImage open(LibRbd rbd, Pointer ioctx, String pool, String image) throws CephException {
        PointerByReference handle = new PointerByReference();
        CephErrno.check(rbd.rbd_open(ioctx, image, handle, null), "rbd_open " + pool + "/" + image);
        return new RbdImage(rbd, handle.getValue(), pool + "/" + image);
    }

    /** As {@link #open}, read-only: takes no lock and leaves the image's watchers alone. */
    static RbdImage openReadOnly(LibRbd rbd, Pointer ioctx, String pool, String image) throws CephException {
        PointerByReference handle = new PointerByReference();
        CephErrno.check(rbd.rbd_open_read_only(ioctx, image, handle, null), "rbd_open_read_only " + pool + "/" + image);
        return new RbdImage(rbd, handle.getValue(), pool + "/" + image);
    }

    String name() {
        return name;
    }

    long size() throws CephException {
        LongByReference size = new LongByReference();
        CephErrno.check(rbd.rbd_get_size(image, size), "rbd_get_size " + name);
        return size.getValue();
    }

    /** Fills the buffer from {@code offset} on; the range lies within the image. */
    void read(long offset, byte[] buffer) throws CephException {
        whole(rbd.rbd_read(image, offset, buffer.length, buffer), buffer.length, "rbd_read " + name + " at " + offset);
    }

    /** Writes the whole buffer at {@code offset}; the range lies within the image. */
    void write(long offset, byte[] buffer) throws CephException {
        whole(rbd.rbd_write(image, offset, buffer.length, buffer), buffer.length, "rbd_write " + name + " at " + offset);
    }

    /** Within the image librbd transfers all it was asked or fails; anything short is an I/O error. */
    private static void whole(long transferred, int wanted, String call) throws CephException {
        if (transferred != wanted) {
            throw new CephException(transferred < 0 ? (int) transferred : -CephErrno.EIO,
                    call + " (" + transferred + " of " + wanted + " bytes)");
        }
    }

    void flush() throws CephException {
        CephErrno.check(rbd.rbd_flush(image), "rbd_flush " + name);
    }

    void resize(long bytes) throws CephException {
        CephErrno.check(rbd.rbd_resize(image, bytes), "rbd_resize " + name + " to " + bytes + " bytes");
    }

    /** Resizes the image to {@code bytes} when it is smaller; a larger one is left as it is. */
    void growTo(long bytes) throws CephException {
        if (size() < bytes) {
            resize(bytes);
        }
    }

    /** Copies the parent's data into the image, which then no longer depends on it. */
    void flatten() throws CephException {
        CephErrno.check(rbd.rbd_flatten(image), "rbd_flatten " + name);
    }

    Optional<Parent> parent() throws CephException {
        byte[] pool = new byte[4096];
        byte[] parent = new byte[4096];
        byte[] snapshot = new byte[4096];
        int rc = rbd.rbd_get_parent_info(image, pool, pool.length, parent, parent.length, snapshot, snapshot.length);
        if (rc == -CephErrno.ENOENT) {
            return Optional.empty();
        }
        CephErrno.check(rc, "rbd_get_parent_info " + name);
        return Optional.of(new Parent(cString(pool), cString(parent), cString(snapshot)));
    }

    List<String> snapshots() throws CephException {
        int max = 16;
        while (true) {
            LibRbd.SnapInfo[] infos = (LibRbd.SnapInfo[]) new LibRbd.SnapInfo().toArray(max);
            IntByReference entries = new IntByReference(max);
            int count = rbd.rbd_snap_list(image, infos, entries);
            if (count == -CephErrno.ERANGE) {
                max = Math.max(entries.getValue(), max * 2);
                continue;
            }
            CephErrno.check(count, "rbd_snap_list " + name);
            try {
                List<String> names = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    names.add(infos[i].name);
                }
                return names;
            } finally {
                rbd.rbd_snap_list_end(infos[0].getPointer());
            }
        }
    }

    /** Whether the snapshot exists. */
    boolean hasSnapshot(String snapshot) throws CephException {
        return protection(snapshot).isPresent();
    }

    /** Creates the snapshot unless it exists. */
    void createSnapshot(String snapshot) throws CephException {
        int rc = rbd.rbd_snap_create(image, snapshot);
        if (rc != -CephErrno.EEXIST) {
            CephErrno.check(rc, "rbd_snap_create " + name + "@" + snapshot);
        }
    }

    /** Protects the snapshot, so that clones can be made of it, unless it is already. */
    void protect(String snapshot) throws CephException {
        if (!protection(snapshot).orElse(false)) {
            CephErrno.check(rbd.rbd_snap_protect(image, snapshot), "rbd_snap_protect " + name + "@" + snapshot);
        }
    }

    /**
     * Unprotects the snapshot if it is protected.
     *
     * @return {@code false} when clones of it still exist, so it stays protected
     */
    private boolean unprotect(String snapshot) throws CephException {
        if (!protection(snapshot).orElse(false)) {
            return true;
        }
        int rc = rbd.rbd_snap_unprotect(image, snapshot);
        if (rc == -CephErrno.EBUSY) {
            return false;
        }
        CephErrno.check(rc, "rbd_snap_unprotect " + name + "@" + snapshot);
        return true;
    }

    /**
     * Unprotects and removes the snapshot unless clones of it exist; removing one that is gone
     * succeeds.
     *
     * @return {@code false} when clones of it exist, so it stays, protected
     */
    boolean removeSnapshotUnlessCloned(String snapshot) throws CephException {
        if (!unprotect(snapshot)) {
            return false;
        }
        removeSnapshot(snapshot);
        return true;
    }

    /** Removes the snapshot, which must be unprotected; removing one that is gone succeeds. */
    private void removeSnapshot(String snapshot) throws CephException {
        int rc = rbd.rbd_snap_remove(image, snapshot);
        if (rc != -CephErrno.ENOENT) {
            CephErrno.check(rc, "rbd_snap_remove " + name + "@" + snapshot);
        }
    }

    /** Puts the image's data and size back to the snapshot's. */
    void rollback(String snapshot) throws CephException {
        CephErrno.check(rbd.rbd_snap_rollback(image, snapshot), "rbd_snap_rollback " + name + "@" + snapshot);
    }

    /** Whether the snapshot is protected; empty when there is no such snapshot. */
    private Optional<Boolean> protection(String snapshot) throws CephException {
        IntByReference isProtected = new IntByReference();
        int rc = rbd.rbd_snap_is_protected(image, snapshot, isProtected);
        if (rc == -CephErrno.ENOENT) {
            return Optional.empty();
        }
        CephErrno.check(rc, "rbd_snap_is_protected " + name + "@" + snapshot);
        return Optional.of(isProtected.getValue() != 0);
    }

    @Override
    public void close() {
        rbd.rbd_close(image);
    }

    /** A NUL-terminated string in a buffer. */
    static String cString(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
