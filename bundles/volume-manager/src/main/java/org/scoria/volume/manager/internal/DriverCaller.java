package org.scoria.volume.manager.internal;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.scoria.guard.VendorCallException;
import org.scoria.guard.VendorGuard;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.Volume;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.SnapshotSpec;
import org.scoria.spi.volume.VolumeSpec;

/**
 * Calls a backend's driver through the vendor guard. A driver that throws anything, or does not
 * answer in time, fails the operation with a {@link DriverException} saying so; it never leaves
 * the volume waiting. Also how volumes and snapshots look to a driver.
 */
final class DriverCaller {

    private final VendorGuard guard;

    DriverCaller(VendorGuard guard) {
        this.guard = guard;
    }

    <T> T call(DriverBinding current, String what, long timeoutMillis, Callable<T> call) throws DriverException {
        try {
            return guard.call(current.driver(), what, Duration.ofMillis(timeoutMillis), call);
        } catch (VendorCallException e) {
            if (e.timedOut()) {
                throw new DriverException("the driver did not " + what + " within "
                        + (timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms"));
            }
            Throwable cause = e.getCause();
            if (cause instanceof DriverException driverException) {
                throw driverException;
            }
            if (cause instanceof InterruptedException) {
                throw new IllegalStateException("Interrupted while the driver " + current.driverName() + " was busy", e);
            }
            throw new DriverException("the driver failed to " + what + ": " + cause, cause);
        }
    }

    static VolumeSpec spec(Volume volume) {
        return new VolumeSpec(volume.id(), volume.sizeGb(), volume.providerLocation());
    }

    static SnapshotSpec snapshotSpec(Snapshot snapshot, Volume volume) {
        return new SnapshotSpec(snapshot.id(), new VolumeSpec(volume.id(), snapshot.volumeSizeGb(),
                volume.providerLocation()), snapshot.providerLocation());
    }
}
