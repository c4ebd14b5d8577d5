/**
 * The one way Scoria's core calls vendor code — volume drivers, backup stores, connectors and
 * their devices, scheduler filters and weighers: on a thread of its own, within a time limit,
 * with a log line naming the vendor bundle when it fails or hangs, and figures per bundle.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.guard;

import org.osgi.annotation.versioning.Version;
