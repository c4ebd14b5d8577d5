/**
 * The connector SPI: how Scoria itself reaches a volume's data from the connection info its
 * driver answers, as os-brick does on a compute host. The backup manager reads volumes and
 * writes restores through it, so it needs to know no driver's storage layout.
 * <p>
 * A bundle registers one {@link org.scoria.spi.connector.VolumeConnector} per kind of
 * connection info it understands ({@code nfs}, {@code rbd}, {@code iscsi}...); a storage
 * driver's bundle usually brings the connector for its own kind.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.spi.connector;

import org.osgi.annotation.versioning.Version;
