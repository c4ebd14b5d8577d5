package org.scoria.volume.manager.internal;

import java.util.Map;

import org.scoria.spi.volume.VolumeDriver;

/**
 * Who serves a backend, as operators see it.
 *
 * @param driver                 the driver service, {@code null} for one that failed to start
 * @param configuredCapabilities capabilities from the backend's configuration rather than its driver's stats
 */
record DriverBinding(VolumeDriver driver, String driverName, String availabilityZone, long bundleId, String bundle,
        String bundleVersion, Map<String, Object> configuredCapabilities) {
}
