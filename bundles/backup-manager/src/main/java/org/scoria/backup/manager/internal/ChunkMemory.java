package org.scoria.backup.manager.internal;

import java.util.concurrent.Semaphore;

/**
 * The heap that chunks in flight may hold, shared by every backup and restore: a chunk holds
 * its data and, while it is compressed or expanded, about as much again. Without a shared budget,
 * concurrent backups of large chunks exhaust the heap together (seen: two 50 MiB chunk streams to
 * Swift in a 768 MiB heap).
 */
final class ChunkMemory {

    private static final int MIB = 1 << 20;

    private final Semaphore mebibytes;
    private final int total;

    /** @param budgetBytes what all chunks in flight may hold together */
    ChunkMemory(long budgetBytes) {
        this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / MIB));
        this.mebibytes = new Semaphore(total, true);
    }

    /** The budget in MiB. */
    int total() {
        return total;
    }

    /**
     * Waits until a chunk of {@code chunkBytes} may be held; a chunk larger than the whole budget
     * waits for all of it.
     *
     * @return what to {@link #release} when the chunk is no longer held
     */
    int acquire(int chunkBytes) throws InterruptedException {
        int wanted = (int) Math.min(total, (2L * chunkBytes + MIB - 1) / MIB);
        mebibytes.acquire(wanted);
        return wanted;
    }

    void release(int acquired) {
        mebibytes.release(acquired);
    }
}
