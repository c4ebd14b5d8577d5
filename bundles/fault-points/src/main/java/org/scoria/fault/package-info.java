/**
 * Test-only hooks for crash testing: named points in a request's path where the process can be
 * made to halt. Scoria's own bundles (and its NFS driver) reach them; no vendor needs them, so
 * they are not part of the driver SPI.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.fault;

import org.osgi.annotation.versioning.Version;
