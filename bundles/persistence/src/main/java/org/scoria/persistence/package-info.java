/**
 * Scoria's state: volumes, snapshots, types, QoS specs, quotas, service switches and user messages, with guarded status transitions.
 *
 * @since 1.0
 */
@Version("4.0.0")
package org.scoria.persistence;

import org.osgi.annotation.versioning.Version;
