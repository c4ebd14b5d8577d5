package org.scoria.driver.rbd.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The parts of librbd's C API ({@code rbd/librbd.h}) the driver calls, with the conventions of
 * {@link LibRados}.
 */
interface LibRbd extends Library {

    /** Layering, exclusive-lock, object-map, fast-diff and deep-flatten: librbd's own default set. */
    long DEFAULT_FEATURES = 1 | 4 | 8 | 16 | 32;

    /** {@code rbd_snap_info_t}. */
    @Structure.FieldOrder({"id", "size", "name"})
    class SnapInfo extends Structure {
        public long id;
        public long size;
        public String name;
    }

    void rbd_version(IntByReference major, IntByReference minor, IntByReference extra);

    int rbd_create2(Pointer ioctx, String name, long size, long features, IntByReference order);

    int rbd_clone(Pointer parentIoctx, String parentName, String parentSnapshot, Pointer childIoctx, String childName,
            long features, IntByReference order);

    int rbd_remove(Pointer ioctx, String name);

    int rbd_rename(Pointer ioctx, String from, String to);

    /** Image names separated by NUL bytes; {@code -ERANGE} with {@code size} set when the buffer is too small. */
    int rbd_list(Pointer ioctx, byte[] names, LongByReference size);

    int rbd_open(Pointer ioctx, String name, PointerByReference image, String snapshot);

    int rbd_open_read_only(Pointer ioctx, String name, PointerByReference image, String snapshot);

    int rbd_close(Pointer image);

    /** The bytes read, or a negative errno. */
    long rbd_read(Pointer image, long offset, long length, byte[] buffer);

    /** The bytes written, or a negative errno. */
    long rbd_write(Pointer image, long offset, long length, byte[] buffer);

    int rbd_flush(Pointer image);

    int rbd_get_size(Pointer image, LongByReference size);

    int rbd_resize(Pointer image, long size);

    int rbd_flatten(Pointer image);

    /** {@code -ENOENT} when the image has no parent; {@code -ERANGE} when a buffer is too small. */
    int rbd_get_parent_info(Pointer image, byte[] pool, long poolLength, byte[] name, long nameLength,
            byte[] snapshot, long snapshotLength);

    /** The number of snapshots, or {@code -ERANGE} with {@code max} set to the entries needed (one more than the count). */
    int rbd_snap_list(Pointer image, SnapInfo[] snapshots, IntByReference max);

    /**
     * Frees the names {@link #rbd_snap_list} filled in. Takes the array's address, not the
     * structures: JNA would read every name back after the call, from freed memory.
     */
    void rbd_snap_list_end(Pointer snapshots);

    int rbd_snap_create(Pointer image, String snapshot);

    int rbd_snap_remove(Pointer image, String snapshot);

    int rbd_snap_rollback(Pointer image, String snapshot);

    int rbd_snap_protect(Pointer image, String snapshot);

    /** {@code -EBUSY} while clones of the snapshot exist. */
    int rbd_snap_unprotect(Pointer image, String snapshot);

    /** {@code -ENOENT} when there is no such snapshot. */
    int rbd_snap_is_protected(Pointer image, String snapshot, IntByReference isProtected);
}
