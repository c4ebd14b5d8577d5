/**
 * The commands Scoria's parts send each other, typed: one sealed family per queue, each
 * command a record. They travel as {@link org.scoria.messaging.Command}s with the type and
 * argument names Scoria has always used, so nodes of different builds share one broker.
 * {@link org.scoria.messaging.command.CommandHandlers} picks a command's handler by its type.
 *
 * @since 1.0
 */
@Version("1.0.0")
package org.scoria.messaging.command;

import org.osgi.annotation.versioning.Version;
