/**
 * The {@code qemu-img} command as drivers run it: bounded in time, its failures in its own
 * words. A driver that writes disk images onto its volumes, or copies volumes into images, runs
 * qemu-img through it on files or on the protocols qemu-img speaks ({@code rbd:pool/image:...}).
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.spi.qemu;

import org.osgi.annotation.versioning.Version;
