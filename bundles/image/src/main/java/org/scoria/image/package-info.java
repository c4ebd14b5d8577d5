/**
 * The image service volumes are made from and uploaded to: images as Glance v2 describes them,
 * found, created and uploaded with the caller's own rights, and their data read with Scoria's,
 * checked against the image's hash.
 *
 * @since 1.0
 */
@Version("1.1.0")
package org.scoria.image;

import org.osgi.annotation.versioning.Version;
