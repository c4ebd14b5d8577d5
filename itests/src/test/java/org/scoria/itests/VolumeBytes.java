package org.scoria.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;

/** Known data written into a volume's file, and the digest of what a file holds. */
final class VolumeBytes {

    private VolumeBytes() {
    }

    /** Writes {@code length} random bytes, the same for the same seed, at {@code offset}. */
    static void writeRandom(Path file, long offset, long length, long seed) throws IOException {
        byte[] data = new byte[(int) length];
        new Random(seed).nextBytes(data);
        try (RandomAccessFile volume = new RandomAccessFile(file.toFile(), "rw")) {
            volume.seek(offset);
            volume.write(data);
        }
    }

    static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }
}
