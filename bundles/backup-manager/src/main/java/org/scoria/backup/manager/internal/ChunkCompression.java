package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

/**
 * How a chunk object is compressed, by the name a manifest records for it. A restore checks that
 * an object expands to exactly its chunk's length; its SHA-256 is checked after that.
 */
enum ChunkCompression {

    NONE("none") {
        @Override
        byte[] compress(byte[] data, int length) {
            return null;
        }

        @Override
        byte[] expand(byte[] stored, int length, String object) {
            return stored;
        }
    },

    /** zlib at its fastest level: most of its gain, at a fraction of the time of the default level. */
    ZLIB("zlib") {
        @Override
        byte[] compress(byte[] data, int length) {
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try {
                deflater.setInput(data, 0, length);
                deflater.finish();
                // No bigger than the data: what does not fit is not worth compressing.
                byte[] out = new byte[length];
                int filled = 0;
                while (!deflater.finished() && filled < out.length) {
                    filled += deflater.deflate(out, filled, out.length - filled);
                }
                return deflater.finished() ? Arrays.copyOf(out, filled) : null;
            } finally {
                deflater.end();
            }
        }

        @Override
        byte[] expand(byte[] stored, int length, String object) throws IOException {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(stored);
                byte[] data = new byte[length];
                int filled = 0;
                while (!inflater.finished() && filled < data.length) {
                    int read = inflater.inflate(data, filled, data.length - filled);
                    if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    filled += read;
                }
                if (!inflater.finished() || filled != data.length) {
                    throw new IOException("object " + object + " does not inflate to its " + length + " bytes");
                }
                return data;
            } catch (DataFormatException e) {
                throw new IOException("object " + object + " is not zlib data: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
    },

    /** Zstandard at level 1 (zstd-jni): faster than zlib at a better ratio. */
    ZSTD("zstd") {
        @Override
        byte[] compress(byte[] data, int length) {
            byte[] out = new byte[length];
            try {
                return Arrays.copyOf(out, (int) Zstd.compressByteArray(out, 0, out.length, data, 0, length, 1));
            } catch (ZstdException tooSmall) {
                return null;
            }
        }

        @Override
        byte[] expand(byte[] stored, int length, String object) throws IOException {
            byte[] data = new byte[length];
            try {
                long filled = Zstd.decompressByteArray(data, 0, length, stored, 0, stored.length);
                if (filled != length) {
                    throw new IOException("object " + object + " expands to " + filled + " bytes, not its " + length);
                }
                return data;
            } catch (ZstdException e) {
                throw new IOException("object " + object + " is not zstd data of " + length + " bytes: "
                        + e.getMessage(), e);
            }
        }
    };

    /** The start of a chunk tried first: data that does not shrink there is not worth the whole chunk's time. */
    private static final int SAMPLE = 256 * 1024;

    private final String wireName;

    ChunkCompression(String wireName) {
        this.wireName = wireName;
    }

    /** The name in configuration and manifests. */
    String wireName() {
        return wireName;
    }

    /**
     * The chunk compressed, or {@code null} when that is not worth it: a chunk whose first 256 KiB
     * do not shrink by 3 % (random, encrypted or already compressed data) is not compressed at
     * all, at the cost of compressing those 256 KiB; one that would not get smaller as a whole is
     * not either. Such a chunk is stored as it is.
     */
    byte[] pack(byte[] data) {
        if (data.length > 4 * SAMPLE) {
            byte[] sample = compress(data, SAMPLE);
            if (sample == null || sample.length > SAMPLE * 97L / 100) {
                return null;
            }
        }
        return compress(data, data.length);
    }

    /**
     * The first {@code length} bytes of the data compressed, or {@code null} when that would not
     * be smaller. At most one more buffer of that size is held while compressing.
     */
    abstract byte[] compress(byte[] data, int length);

    /**
     * The chunk's data from its stored object.
     *
     * @param length the chunk's length, as its manifest records it
     * @param object the object's name, for messages
     * @throws IOException when the object is not what this compression makes of {@code length} bytes
     */
    abstract byte[] expand(byte[] stored, int length, String object) throws IOException;

    /**
     * @throws IllegalArgumentException for a name that is none of these; the message lists them
     */
    static ChunkCompression named(String name) {
        for (ChunkCompression compression : values()) {
            if (compression.wireName.equals(name)) {
                return compression;
            }
        }
        throw new IllegalArgumentException("compression must be one of " + Arrays.stream(values())
                .map(ChunkCompression::wireName).collect(Collectors.joining(", ")) + ", was " + name);
    }
}
