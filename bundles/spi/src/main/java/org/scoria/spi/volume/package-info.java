/**
 * The storage driver SPI: what a vendor implements to serve a Scoria backend.
 * <p>
 * A driver bundle registers one {@link org.scoria.spi.volume.VolumeDriver} service per
 * backend it serves, typically one per Config Admin factory configuration, with the service
 * properties named in {@link org.scoria.spi.volume.VolumeDriver}. The volume manager tracks
 * these services dynamically: a driver may come, go or be updated while the platform runs.
 *
 * @since 1.0
 */
@Version("1.3.0")
package org.scoria.spi.volume;

import org.osgi.annotation.versioning.Version;
