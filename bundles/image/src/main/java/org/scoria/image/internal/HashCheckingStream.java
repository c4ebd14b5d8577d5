package org.scoria.image.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.scoria.image.Image;

/**
 * An image's data whose hash is computed as it is read and compared with the image's at the
 * end: a mismatch is an {@link IOException} from the read that reaches the end, so that the
 * reader never takes a corrupted download for a finished one.
 */
final class HashCheckingStream extends FilterInputStream {

    private final MessageDigest digest;
    private final String expected;
    private final String imageId;
    private boolean checked;

    private HashCheckingStream(InputStream data, MessageDigest digest, String expected, String imageId) {
        super(data);
        this.digest = digest;
        this.expected = expected.toLowerCase(Locale.ROOT);
        this.imageId = imageId;
    }

    /** The data, checked against the image's os_hash_value, else its MD5 checksum, else as it is. */
    static InputStream of(Image image, InputStream data) {
        if (image.hashAlgorithm() != null && image.hashValue() != null) {
            try {
                return new HashCheckingStream(data, MessageDigest.getInstance(javaName(image.hashAlgorithm())),
                        image.hashValue(), image.id());
            } catch (NoSuchAlgorithmException e) {
                // An algorithm this Java lacks: the MD5 checksum checks the data, when there is one.
            }
        }
        if (image.checksum() != null) {
            try {
                return new HashCheckingStream(data, MessageDigest.getInstance("MD5"), image.checksum(), image.id());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is part of every Java runtime", e);
            }
        }
        return data;
    }

    /** Glance's names (hashlib's: sha512, sha256, md5) as Java's. */
    private static String javaName(String algorithm) {
        String name = algorithm.toUpperCase(Locale.ROOT);
        return name.startsWith("SHA") && !name.startsWith("SHA-") ? "SHA-" + name.substring(3) : name;
    }

    @Override
    public int read() throws IOException {
        int value = super.read();
        if (value < 0) {
            check();
        } else {
            digest.update((byte) value);
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = super.read(buffer, offset, length);
        if (count < 0) {
            check();
        } else {
            digest.update(buffer, offset, count);
        }
        return count;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an image's data is read in full to be checked");
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw new IOException("the data of image " + imageId + " does not match its hash (" + actual
                    + " read, " + expected + " expected): the download was corrupted");
        }
    }
}
