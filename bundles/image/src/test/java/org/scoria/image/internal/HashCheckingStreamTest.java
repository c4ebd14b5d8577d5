package org.scoria.image.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.junit.Test;
import org.scoria.image.Image;

public class HashCheckingStreamTest {

    private static final byte[] DATA = "a disk image's bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    public void dataThatMatchesItsHashReadsThrough() throws Exception {
        try (InputStream stream = HashCheckingStream.of(image("sha512", hex("SHA-512", DATA), null),
                new ByteArrayInputStream(DATA))) {
            assertArrayEquals(DATA, stream.readAllBytes());
            // Reading past the end again does not check twice.
            assertTrue(stream.read() < 0);
        }
    }

    @Test
    public void corruptedDataFailsTheReadThatReachesTheEnd() throws Exception {
        byte[] corrupted = DATA.clone();
        corrupted[3] ^= 1;
        InputStream stream = HashCheckingStream.of(image("sha512", hex("SHA-512", DATA), null),
                new ByteArrayInputStream(corrupted));
        IOException failure = assertThrows(IOException.class, stream::readAllBytes);
        assertTrue(failure.getMessage(), failure.getMessage().contains("does not match its hash"));
    }

    @Test
    public void anImageWithoutOsHashIsCheckedByItsMd5Checksum() throws Exception {
        byte[] corrupted = DATA.clone();
        corrupted[0] ^= 1;
        String md5 = hex("MD5", DATA);
        assertArrayEquals(DATA, HashCheckingStream.of(image(null, null, md5), new ByteArrayInputStream(DATA))
                .readAllBytes());
        assertThrows(IOException.class, () -> HashCheckingStream.of(image(null, null, md5),
                new ByteArrayInputStream(corrupted)).readAllBytes());
        assertThrows("an algorithm Java lacks falls back to the checksum", IOException.class,
                () -> HashCheckingStream.of(image("whirlpool", "00", md5), new ByteArrayInputStream(corrupted))
                        .readAllBytes());
        InputStream unchecked = new ByteArrayInputStream(DATA);
        assertSame("nothing to check against", unchecked, HashCheckingStream.of(image(null, null, null), unchecked));
    }

    private static Image image(String algorithm, String hash, String checksum) {
        return new Image("i1", "cirros", Image.ACTIVE, "raw", "bare", (long) DATA.length, null, 0, 0, checksum,
                algorithm, hash, "private", false, Map.of());
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
