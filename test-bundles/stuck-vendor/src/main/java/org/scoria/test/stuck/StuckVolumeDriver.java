package org.scoria.test.stuck;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;

/**
 * A volume driver, {@code stuck}, for the backends configured under its factory PID: it reports
 * its capacity, and its creates never answer until it is stopped, unless its configuration says
 * {@code hang.creates=false} (the next release, which has the defect fixed).
 */
@Component(service = VolumeDriver.class, configurationPid = "org.scoria.test.stuck.driver",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = VolumeDriver.DRIVER_NAME + "=stuck")
public class StuckVolumeDriver implements VolumeDriver {

    private final Stuck stuck = new Stuck();
    private boolean hangs;

    @Activate
    void activate(Map<String, Object> properties) {
        hangs = !"false".equals(String.valueOf(properties.get("hang.creates")));
    }

    @Deactivate
    void deactivate() {
        stuck.release();
    }

    @Override
    public String createVolume(VolumeSpec volume) throws DriverException {
        if (!hangs) {
            return "stuck";
        }
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
