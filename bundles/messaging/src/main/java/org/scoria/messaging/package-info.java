/**
 * How Scoria's bundles talk: durable command queues consumed transactionally,
 * synchronous calls (request–reply), and event topics.
 *
 * @since 1.0
 */
@Version("2.0.0")
package org.scoria.messaging;

import org.osgi.annotation.versioning.Version;
