package org.scoria.backup.manager.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

public class ChunkCompressionTest {

    /** Half random, half a repeated pattern: compressible, but not trivially. */
    private static byte[] chunk() {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        for (int i = data.length / 2; i < data.length; i++) {
            data[i] = (byte) (i % 61);
        }
        return data;
    }

    @Test
    public void eachCompressionExpandsToTheExactBytes() throws Exception {
        byte[] data = chunk();
        for (ChunkCompression compression : ChunkCompression.values()) {
            byte[] stored = compression.compress(data);
            if (compression != ChunkCompression.NONE) {
                assertTrue(compression + " stored " + stored.length, stored.length < data.length * 3 / 4);
            }
            assertArrayEquals(compression.wireName(), data, compression.expand(stored, data.length, "o"));
        }
    }

    @Test
    public void damagedOrShortObjectsAreRefusedWithTheirName() {
        byte[] data = chunk();
        for (ChunkCompression compression : new ChunkCompression[] {ChunkCompression.ZLIB, ChunkCompression.ZSTD}) {
            byte[] stored = compression.compress(data);
            byte[] truncated = Arrays.copyOf(stored, stored.length / 2);
            IOException shortened = assertThrows(compression.wireName(), IOException.class,
                    () -> compression.expand(truncated, data.length, "volume_v/backup-00003"));
            assertTrue(shortened.getMessage(), shortened.getMessage().startsWith("object volume_v/backup-00003 "));
            IOException longer = assertThrows(compression.wireName(), IOException.class,
                    () -> compression.expand(stored, data.length - 1, "o"));
            assertTrue(longer.getMessage(), longer.getMessage().contains(String.valueOf(data.length - 1)));
        }
    }

    @Test
    public void namesAreTheConfiguredOnesAndAnUnknownOneListsThem() {
        assertEquals(ChunkCompression.ZSTD, ChunkCompression.named("zstd"));
        assertEquals(ChunkCompression.ZLIB, ChunkCompression.named("zlib"));
        assertEquals(ChunkCompression.NONE, ChunkCompression.named("none"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ChunkCompression.named("lz4"));
        assertEquals("compression must be one of none, zlib, zstd, was lz4", unknown.getMessage());
    }
}
