/**
 * Scoria's own identity at Keystone: its service user's token, renewed before it expires, and
 * the endpoints of the catalog that came with it. The REST endpoint validates callers' tokens
 * with it; clients of other OpenStack services (Glance) reach them with it.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.keystone;

import org.osgi.annotation.versioning.Version;
