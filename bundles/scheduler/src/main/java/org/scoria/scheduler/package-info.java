/**
 * The scheduler's extension points and its view of the backends.
 *
 * @since 1.0
 */
@Version("2.1.0")
package org.scoria.scheduler;

import org.osgi.annotation.versioning.Version;
