package org.scoria.test.stuck;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;

/**
 * A volume driver, {@code stuck}, for the backends configured under its factory PID: it reports
 * its capacity, and its creates never answer until its bundle stops.
 */
@Component(service = VolumeDriver.class, configurationPid = "org.scoria.test.stuck.driver",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = VolumeDriver.DRIVER_NAME + "=stuck")
public class StuckVolumeDriver implements VolumeDriver {

    private final Stuck stuck = new Stuck();

    @Deactivate
    void deactivate() {
        stuck.release();
    }

    @Override
    public String createVolume(VolumeSpec volume) throws DriverException {
        stuck.hang();
        throw new DriverException("the stuck driver was stopped while it created " + volume.storageName());
    }

    @Override
    public void deleteVolume(VolumeSpec volume) {
        // Nothing was made.
    }

    @Override
    public BackendStats getStats() {
        return new BackendStats(100, 100, 0, true, 0, 1.0, "stuck", "Scoria tests", "1.0", Map.of());
    }
}
