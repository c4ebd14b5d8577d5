package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.scoria.guard.VendorGuard;
import org.scoria.spi.connector.BlockDevice;

/**
 * A connected volume as the backup manager reads and writes it: each chunk's I/O is a guarded
 * call, so a device that stops answering (a target gone under a hard connection) fails the one
 * backup or restore that uses it.
 */
record GuardedBlockDevice(BlockDevice device, VendorGuard guard, Duration timeout) implements BlockDevice {

    @Override
    public long size() {
        try {
            return call("tell the device's size", device::size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void read(long offset, ByteBuffer into) throws IOException {
        call("read " + into.remaining() + " bytes at " + offset, () -> {
            device.read(offset, into);
            return null;
        });
    }

    @Override
    public void write(long offset, ByteBuffer from) throws IOException {
        call("write " + from.remaining() + " bytes at " + offset, () -> {
            device.write(offset, from);
            return null;
        });
    }

    @Override
    public void flush() throws IOException {
        call("flush the device", () -> {
            device.flush();
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        call("close the device", () -> {
            device.close();
            return null;
        });
    }

    private <T> T call(String what, Callable<T> call) throws IOException {
        return guard.call(device, what, timeout, call, IOException.class, IOException::new);
    }
}
