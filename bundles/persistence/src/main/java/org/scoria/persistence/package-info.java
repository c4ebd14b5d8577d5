/**
 * Scoria's state: volumes, snapshots, types, QoS specs and quotas, with guarded status transitions.
 *
 * @since 1.0
 */
@Version("2.2.0")
package org.scoria.persistence;

import org.osgi.annotation.versioning.Version;
