package org.scoria.persistence;

/**
 * What a validated attach request stores.
 *
 * @param instanceUuid the consuming server, or {@code null}
 * @param attachMode   {@code rw} or {@code ro}, or {@code null} until the consumer's connector says
 * @param attachedHost the consumer's host, or {@code null}
 * @param mountpoint   the device the consumer names, or {@code null}
 * @since 3.0
 */
public record NewAttachment(String instanceUuid, String attachMode, String attachedHost, String mountpoint) {
}
