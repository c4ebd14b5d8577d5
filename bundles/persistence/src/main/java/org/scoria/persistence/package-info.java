/**
 * Scoria's state: volumes and their guarded status transitions.
 *
 * @since 1.0
 */
@Version("2.0.0")
package org.scoria.persistence;

import org.osgi.annotation.versioning.Version;
