/**
 * The volume, type, QoS and quota operations users ask for, independent of how they ask (REST, shell).
 *
 * @since 1.0
 */
@Version("4.1.0")
package org.scoria.volume.api;

import org.osgi.annotation.versioning.Version;
