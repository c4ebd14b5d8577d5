/**
 * The backup driver SPI: where a vendor keeps Scoria's backups.
 * <p>
 * A backup driver is an object store. The backup manager cuts a volume into chunks, hashes,
 * compresses and records them, and decides what an incremental backup writes; a driver only
 * stores, reads, lists and deletes named objects in containers. One
 * {@link org.scoria.spi.backup.ObjectStore} service is registered per configured store, with
 * the service properties named there; it may come, go or be updated while the platform runs.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.spi.backup;

import org.osgi.annotation.versioning.Version;
