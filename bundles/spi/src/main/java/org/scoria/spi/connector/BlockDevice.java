package org.scoria.spi.connector;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connected volume, read and written at byte offsets. One device may be read by several
 * threads at once at different offsets. Closing it disconnects: writes not yet flushed are
 * flushed first.
 *
 * @since 1.0
 */
@ConsumerType
public interface BlockDevice extends AutoCloseable {

    /** The volume's size in bytes. */
    long size();

    /** Fills {@code into} from {@code offset} on; the range lies within the volume. */
    void read(long offset, ByteBuffer into) throws IOException;

    /** Writes all of {@code from} at {@code offset}; the range lies within the volume. */
    void write(long offset, ByteBuffer from) throws IOException;

    /** Makes what was written durable. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
