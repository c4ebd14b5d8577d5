package org.scoria.persistence;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The encryption of volume types. A change is refused while a live volume has the type, as in
 * Cinder: its volumes were made, and are used, with the encryption they have.
 *
 * @since 3.4
 */
@ProviderType
public interface TypeEncryptionStore {

    /** What a change did, or why it did nothing. */
    enum Outcome {
        DONE,
        /** A live volume has the type. */
        TYPE_IN_USE,
        /** The type already has an encryption (create). */
        EXISTS,
        /** The type has no encryption (update, delete), or is gone. */
        MISSING
    }

    Optional<TypeEncryption> find(String volumeTypeId);

    /** Records the encryption of {@code encryption.volumeTypeId()}, stamped now. */
    Outcome create(TypeEncryption encryption);

    /** Replaces the provider, cipher, key size and control location of the type's encryption. */
    Outcome update(TypeEncryption encryption);

    Outcome delete(String volumeTypeId);
}
