package org.scoria.volume.api;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.TypeEncryption;

/**
 * Cinder's encryption types: how volumes of a type are encrypted, managed by administrators and
 * fixed while volumes of the type exist. Scoria records them and reports volumes of such a type
 * as encrypted; encrypting the data needs a key manager and comes later.
 *
 * @since 3.2
 */
@ProviderType
public interface TypeEncryptionService {

    /** Where the data is encrypted: by the consumer (Nova) or by the storage. */
    Set<String> CONTROL_LOCATIONS = Set.of("front-end", "back-end");

    /**
     * What an administrator asks for.
     *
     * @param cipher  {@code null} for the provider's default
     * @param keySize bits, {@code null} for the provider's default
     */
    record EncryptionSpec(String provider, String cipher, Integer keySize, String controlLocation) {
    }

    /**
     * The type's encryption, empty when it has none.
     *
     * @throws ResourceNotFoundException when there is no such type
     */
    Optional<TypeEncryption> get(RequestContext context, String typeId);

    /**
     * @throws InvalidInputException when the spec is invalid, the type has an encryption already or
     *                               a volume of the type exists
     */
    TypeEncryption create(RequestContext context, String typeId, EncryptionSpec spec);

    /** Replaces the type's encryption; refused as {@link #create} is, and 404 when it has none. */
    TypeEncryption update(RequestContext context, String typeId, EncryptionSpec spec);

    /** Removes the type's encryption; refused while a volume of the type exists, 404 when it has none. */
    void delete(RequestContext context, String typeId);

    /** A type's encryption, for the encryption metadata of a volume the caller may see. */
    Optional<TypeEncryption> ofType(String typeId);
}
