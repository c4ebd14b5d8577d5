package org.scoria.persistence;

import java.time.Instant;

/**
 * How volumes of a type are encrypted (Cinder's encryption type): the provider that encrypts
 * ({@code luks}, {@code plain}), the cipher and key size, and where: {@code front-end} (the
 * consumer, e.g. Nova) or {@code back-end} (the storage).
 *
 * @param cipher  {@code null} for the provider's default
 * @param keySize bits, {@code null} for the provider's default
 * @since 3.4
 */
public record TypeEncryption(String encryptionId, String volumeTypeId, String provider, String cipher, Integer keySize,
        String controlLocation, Instant createdAt, Instant updatedAt) {
}
