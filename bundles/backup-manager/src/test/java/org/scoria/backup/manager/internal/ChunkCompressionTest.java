package org.scoria.backup.manager.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
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
        for (ChunkCompression compression : new ChunkCompression[] {ChunkCompression.ZLIB, ChunkCompression.ZSTD}) {
            byte[] stored = compression.compress(data, data.length);
            assertTrue(compression + " stored " + stored.length, stored.length < data.length * 3 / 4);
            assertArrayEquals(compression.wireName(), data, compression.expand(stored, data.length, "o"));
        }
        assertArrayEquals(data, ChunkCompression.NONE.expand(data, data.length, "o"));
    }

    @Test
    public void dataThatDoesNotGetSmallerIsLeftAsItIs() {
        byte[] random = new byte[1 << 20];
        new Random(3).nextBytes(random);
        for (ChunkCompression compression : ChunkCompression.values()) {
            assertNull(compression.wireName(), compression.compress(random, random.length));
            assertNull(compression.wireName(), compression.pack(random));
        }
    }

    @Test
    public void aChunkThatStartsRandomIsNotCompressedButOneThatStartsCompressibleIs() throws Exception {
        byte[] randomStart = new byte[4 << 20];
        new Random(4).nextBytes(randomStart);
        Arrays.fill(randomStart, 1 << 20, randomStart.length, (byte) 7);
        byte[] compressibleStart = new byte[4 << 20];
        new Random(5).nextBytes(compressibleStart);
        Arrays.fill(compressibleStart, 0, 1 << 20, (byte) 7);
        for (ChunkCompression compression : new ChunkCompression[] {ChunkCompression.ZLIB, ChunkCompression.ZSTD}) {
            assertNull(compression.wireName(), compression.pack(randomStart));
            byte[] packed = compression.pack(compressibleStart);
            assertTrue(compression.wireName() + " " + packed.length, packed.length < compressibleStart.length);
            assertArrayEquals(compressibleStart, compression.expand(packed, compressibleStart.length, "o"));
        }
    }

    @Test
    public void damagedOrShortObjectsAreRefusedWithTheirName() {
        byte[] data = chunk();
        for (ChunkCompression compression : new ChunkCompression[] {ChunkCompression.ZLIB, ChunkCompression.ZSTD}) {
            byte[] stored = compression.compress(data, data.length);
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
