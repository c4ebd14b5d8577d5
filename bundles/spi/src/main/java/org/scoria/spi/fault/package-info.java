/**
 * Test-only hooks for crash testing: named points where the process can be made to halt.
 */
@Version("1.0.0")
package org.scoria.spi.fault;

import org.osgi.annotation.versioning.Version;
