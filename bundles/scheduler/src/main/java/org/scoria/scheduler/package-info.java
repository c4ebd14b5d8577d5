/**
 * The scheduler's view of the backends, for the API, REST and the shell, and the check of a
 * volume's placement a retype asks for. What vendors implement, filters and weighers, is the
 * SPI's {@code org.scoria.spi.scheduler}.
 *
 * @since 1.0
 */
@Version("3.0.0")
package org.scoria.scheduler;

import org.osgi.annotation.versioning.Version;
