package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.scoria.fault.FaultPoints;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.scoria.spi.connector.BlockDevice;

/**
 * Copies a volume into chunk objects and back. The volume is read in order on the caller's
 * thread; hashing, compressing and storing run on the pool with at most {@code parallel} chunks
 * in memory at once. A chunk of zeros is not stored; a chunk an incremental backup's parent
 * holds with the same SHA-256 is not stored again.
 */
final class ChunkedCopy {

    /**
     * How every copy of a backup manager runs: on its pool, with at most {@code parallel} chunks of
     * a copy at once within the shared memory, no faster than {@code bytesPerSecond} (0: no limit).
     */
    record Settings(ExecutorService pool, int parallel, ChunkMemory memory, long bytesPerSecond) {

        /** A new copy between a volume and the container of the store. */
        ChunkedCopy of(ObjectStore store, String container) {
            return new ChunkedCopy(store, container, pool, parallel, memory, new Pacer(bytesPerSecond));
        }
    }

    private final ObjectStore store;
    private final String container;
    private final ExecutorService pool;
    private final int parallel;
    private final ChunkMemory memory;
    private final Pacer pacer;

    ChunkedCopy(ObjectStore store, String container, ExecutorService pool, int parallel, ChunkMemory memory,
            Pacer pacer) {
        this.store = store;
        this.container = container;
        this.pool = pool;
        this.parallel = parallel;
        this.memory = memory;
        this.pacer = pacer;
    }

    /**
     * Backs the device up under {@code prefix}; the manifest is written last.
     *
     * @param parent the parent's manifest for an incremental backup, or {@code null}
     */
    BackupManifest backup(BlockDevice device, String backupId, String volumeId, Map<String, String> volumeMetadata,
            String prefix, int chunkSize, ChunkCompression compression, BackupManifest parent, Progress progress)
            throws IOException, ObjectStoreException, InterruptedException {
        long size = device.size();
        int count = (int) ((size + chunkSize - 1) / chunkSize);
        List<BackupManifest.Chunk> chunks = run(count, chunkSize, index -> {
            long offset = (long) index * chunkSize;
            int length = (int) Math.min(chunkSize, size - offset);
            pacer.take(length);
            ByteBuffer data = ByteBuffer.allocate(length);
            device.read(offset, data);
            byte[] bytes = data.array();
            return () -> {
                BackupManifest.Chunk chunk = store(bytes, index, offset, prefix, compression, parent);
                progress.add(length);
                return chunk;
            };
        });
        BackupManifest manifest = new BackupManifest(BackupManifest.VERSION, backupId, volumeId,
                parent == null ? null : parent.backupId(), size, chunkSize, compression.wireName(), chunks,
                volumeMetadata);
        store.put(container, BackupManifest.nameFor(prefix), manifest.toJson());
        return manifest;
    }

    private BackupManifest.Chunk store(byte[] data, int index, long offset, String prefix, ChunkCompression compression,
            BackupManifest parent) throws ObjectStoreException {
        String sha256 = sha256(data);
        if (isZero(data)) {
            return new BackupManifest.Chunk(index, offset, data.length, sha256, null, ChunkCompression.NONE.wireName());
        }
        if (parent != null && index < parent.chunks().size()) {
            BackupManifest.Chunk before = parent.chunks().get(index);
            if (before.offset() == offset && before.length() == data.length && before.sha256().equals(sha256)
                    && before.object() != null) {
                return before;
            }
        }
        String name = String.format("%s-%05d", prefix, index + 1);
        byte[] compressed = compression.pack(data);
        store.put(container, name, compressed == null ? data : compressed);
        FaultPoints.reach("backup.create.chunk-stored");
        return new BackupManifest.Chunk(index, offset, data.length, sha256, name,
                (compressed == null ? ChunkCompression.NONE : compression).wireName());
    }

    /**
     * Writes the backup the manifest describes into the device, checking each chunk's SHA-256.
     *
     * @param fresh whether the device is a new, zeroed volume: chunks of zeros need not be written
     */
    void restore(BackupManifest manifest, BlockDevice device, boolean fresh, Progress progress)
            throws IOException, ObjectStoreException, InterruptedException {
        if (device.size() < manifest.sizeBytes()) {
            throw new IOException("the volume holds " + device.size() + " bytes, the backup " + manifest.sizeBytes());
        }
        List<BackupManifest.Chunk> chunks = manifest.chunks();
        run(chunks.size(), manifest.chunkSize(), index -> {
            BackupManifest.Chunk chunk = chunks.get(index);
            pacer.take(chunk.length());
            return () -> {
                if (chunk.object() != null || !fresh) {
                    byte[] data = chunk.object() == null ? new byte[chunk.length()] : read(chunk);
                    device.write(chunk.offset(), ByteBuffer.wrap(data));
                }
                progress.add(chunk.length());
                return chunk;
            };
        });
        device.flush();
    }

    private byte[] read(BackupManifest.Chunk chunk) throws ObjectStoreException, IOException {
        byte[] stored = store.get(container, chunk.object());
        byte[] data;
        try {
            data = ChunkCompression.named(chunk.compression()).expand(stored, chunk.length(), chunk.object());
        } catch (IllegalArgumentException e) {
            throw new IOException("object " + chunk.object() + ": the manifest's " + e.getMessage(), e);
        }
        String sha256 = sha256(data);
        if (data.length != chunk.length() || !sha256.equals(chunk.sha256())) {
            throw new IOException("object " + chunk.object() + " in container " + container + " is corrupt: its data"
                    + " has SHA-256 " + sha256 + " (" + data.length + " bytes), the manifest records " + chunk.sha256()
                    + " (" + chunk.length() + " bytes)");
        }
        return data;
    }

    private interface Step {
        /** Runs on the caller's thread, in chunk order; returns the part that runs on the pool. */
        Task prepare(int index) throws IOException, InterruptedException;
    }

    private interface Task {
        BackupManifest.Chunk run() throws IOException, ObjectStoreException;
    }

    /**
     * Runs a step per chunk with at most {@code parallel} tasks at once, each holding its share of
     * the shared {@link ChunkMemory} from before it is prepared until it ends. The first failure
     * stops the rest: tasks not yet started skip their work, and this returns only once every
     * task has ended, so that no task still reads or writes the device after its caller closes it.
     */
    private List<BackupManifest.Chunk> run(int count, int chunkBytes, Step step)
            throws IOException, ObjectStoreException, InterruptedException {
        CompletionService<BackupManifest.Chunk> done = new ExecutorCompletionService<>(pool);
        List<Future<BackupManifest.Chunk>> running = new ArrayList<>();
        AtomicBoolean stopped = new AtomicBoolean();
        BackupManifest.Chunk[] results = new BackupManifest.Chunk[count];
        int finished = 0;
        try {
            for (int index = 0; index < count; index++) {
                if (index - finished >= parallel) {
                    collect(done.take(), results);
                    finished++;
                }
                int held = memory.acquire(chunkBytes);
                Task task;
                try {
                    task = step.prepare(index);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    memory.release(held);
                    throw e;
                }
                running.add(done.submit(() -> {
                    try {
                        return stopped.get() ? null : task.run();
                    } finally {
                        memory.release(held);
                    }
                }));
            }
            while (finished < count) {
                collect(done.take(), results);
                finished++;
            }
        } finally {
            stopped.set(true);
            awaitAll(running);
        }
        return List.of(results);
    }

    /** Waits until every task has ended, also when interrupted (the interrupt is kept), unless the pool was shut down. */
    private void awaitAll(List<Future<BackupManifest.Chunk>> tasks) {
        boolean interrupted = false;
        for (Future<BackupManifest.Chunk> task : tasks) {
            while (!task.isDone() && !pool.isTerminated()) {
                try {
                    task.get(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException | CancellationException e) {
                    // Its failure, if any, was the one reported or comes after it.
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void collect(Future<BackupManifest.Chunk> future, BackupManifest.Chunk[] results)
            throws IOException, ObjectStoreException, InterruptedException {
        try {
            BackupManifest.Chunk chunk = future.get();
            results[chunk.index()] = chunk;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof ObjectStoreException store) {
                throw store;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static boolean isZero(byte[] data) {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
