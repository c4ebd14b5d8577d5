/**
 * Scoria's state: volumes, snapshots, types and QoS specs, with guarded status transitions.
 *
 * @since 1.0
 */
@Version("2.1.0")
package org.scoria.persistence;

import org.osgi.annotation.versioning.Version;
