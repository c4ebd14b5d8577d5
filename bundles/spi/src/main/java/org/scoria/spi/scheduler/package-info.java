/**
 * The scheduler's plug-in SPI: filters and weighers a vendor ships in a bundle of its own.
 * <p>
 * A {@link org.scoria.spi.scheduler.BackendFilter} or
 * {@link org.scoria.spi.scheduler.BackendWeigher} service, registered with its name in the
 * property the interface names, is used once the scheduler's configuration lists that name. The
 * scheduler calls it with the {@link org.scoria.spi.scheduler.BackendState} of each candidate
 * backend and the {@link org.scoria.spi.scheduler.SchedulingRequest} being placed, within a time
 * limit: a plug-in that throws or does not answer in time fails the placement, naming itself.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.spi.scheduler;

import org.osgi.annotation.versioning.Version;
