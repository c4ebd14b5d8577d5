package org.scoria.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * An image's data being read. The stream throws an {@link IOException} at its end when
 * what was read does not match the image's hash: a reader acts on the data only once the stream
 * has ended well.
 *
 * @param sizeBytes the length Glance announced, or -1
 * @since 1.0
 */
public record ImageData(Image image, long sizeBytes, InputStream stream) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
