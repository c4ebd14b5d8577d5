package org.scoria.backup.manager.internal;

import java.time.Duration;

import org.scoria.guard.VendorGuard;
import org.scoria.spi.connector.BlockDevice;
import org.scoria.spi.connector.VolumeConnector;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;

/** A connector as the backup manager calls it: connecting, and every use of the device it gives, guarded. */
record GuardedVolumeConnector(VolumeConnector connector, VendorGuard guard, Duration timeout) implements VolumeConnector {

    boolean wraps(VolumeConnector candidate) {
        return connector == candidate;
    }

    @Override
    public BlockDevice connect(ConnectionInfo info, long sizeBytes, boolean writable) throws DriverException {
        BlockDevice device = guard.call(connector, "connect to a " + info.driverVolumeType() + " volume", timeout,
                () -> connector.connect(info, sizeBytes, writable), DriverException.class, DriverException::new);
        return new GuardedBlockDevice(device, guard, timeout);
    }
}
