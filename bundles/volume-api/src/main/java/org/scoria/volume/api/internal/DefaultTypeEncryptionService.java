package org.scoria.volume.api.internal;

import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.TypeEncryption;
import org.scoria.persistence.TypeEncryptionStore;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.TypeEncryptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cinder's volume_type_encryption over the encryption store, with Cinder's checks and words. */
@Component(service = TypeEncryptionService.class)
public class DefaultTypeEncryptionService implements TypeEncryptionService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTypeEncryptionService.class);

    private final TypeEncryptionStore store;
    private final VolumeTypeStore types;

    @Activate
    public DefaultTypeEncryptionService(@Reference TypeEncryptionStore store, @Reference VolumeTypeStore types) {
        this.store = store;
        this.types = types;
    }

    @Override
    public Optional<TypeEncryption> get(RequestContext context, String typeId) {
        context.authorize("volume_extension:volume_type_encryption:get");
        requireType(typeId);
        return store.find(typeId);
    }

    @Override
    public TypeEncryption create(RequestContext context, String typeId, EncryptionSpec spec) {
        context.authorize("volume_extension:volume_type_encryption:create");
        checked(spec);
        requireType(typeId);
        TypeEncryption encryption = new TypeEncryption(UUID.randomUUID().toString(), typeId, spec.provider(),
                spec.cipher(), spec.keySize(), spec.controlLocation(), null, null);
        switch (store.create(encryption)) {
            case TYPE_IN_USE -> throw new InvalidInputException("Cannot create encryption specs. Volume type in use.");
            case EXISTS -> throw new InvalidInputException("Volume type encryption for type " + typeId
                    + " already exists.");
            case MISSING -> throw typeNotFound(typeId);
            case DONE -> LOG.info("[{}] Encryption of volume type {} set by {}: {}", context.requestId(), typeId,
                    context.userId(), spec);
        }
        return store.find(typeId).orElseThrow(() -> missing(typeId));
    }

    @Override
    public TypeEncryption update(RequestContext context, String typeId, EncryptionSpec spec) {
        context.authorize("volume_extension:volume_type_encryption:update");
        checked(spec);
        requireType(typeId);
        TypeEncryption current = store.find(typeId).orElseThrow(() -> missing(typeId));
        switch (store.update(new TypeEncryption(current.encryptionId(), typeId, spec.provider(), spec.cipher(),
                spec.keySize(), spec.controlLocation(), null, null))) {
            case TYPE_IN_USE -> throw new InvalidInputException("Cannot update encryption specs. Volume type in use.");
            case MISSING, EXISTS -> throw missing(typeId);
            case DONE -> LOG.info("[{}] Encryption of volume type {} changed by {}: {}", context.requestId(), typeId,
                    context.userId(), spec);
        }
        return store.find(typeId).orElseThrow(() -> missing(typeId));
    }

    @Override
    public void delete(RequestContext context, String typeId) {
        context.authorize("volume_extension:volume_type_encryption:delete");
        switch (store.delete(typeId)) {
            case TYPE_IN_USE -> throw new InvalidInputException("Cannot delete encryption specs. Volume type in use.");
            case MISSING, EXISTS -> throw missing(typeId);
            case DONE -> LOG.info("[{}] Encryption of volume type {} removed by {}", context.requestId(), typeId,
                    context.userId());
        }
    }

    @Override
    public Optional<TypeEncryption> ofType(String typeId) {
        return typeId == null ? Optional.empty() : store.find(typeId);
    }

    private void requireType(String typeId) {
        if (types.find(typeId).isEmpty()) {
            throw typeNotFound(typeId);
        }
    }

    private static ResourceNotFoundException typeNotFound(String typeId) {
        return new ResourceNotFoundException("Volume type " + typeId + " could not be found.");
    }

    private static ResourceNotFoundException missing(String typeId) {
        return new ResourceNotFoundException("Volume type encryption for type " + typeId + " does not exist.");
    }

    /** Cinder's schema: a provider and a control location; the cipher at most 255 characters, the key size not negative. */
    private static void checked(EncryptionSpec spec) {
        if (spec.provider() == null || spec.provider().length() > 255) {
            throw new InvalidInputException("Invalid input for field/attribute provider. Value: " + spec.provider()
                    + ". " + (spec.provider() == null ? "'provider' is a required property" : "it is too long"));
        }
        if (spec.controlLocation() == null || !CONTROL_LOCATIONS.contains(spec.controlLocation())) {
            throw new InvalidInputException("Invalid input for field/attribute control_location. Value: "
                    + spec.controlLocation() + ". " + (spec.controlLocation() == null
                            ? "'control_location' is a required property"
                            : "'" + spec.controlLocation() + "' is not one of ['front-end', 'back-end']"));
        }
        if (spec.cipher() != null && spec.cipher().length() > 255) {
            throw new InvalidInputException("Invalid input for field/attribute cipher. Value: " + spec.cipher()
                    + ". it is too long");
        }
        if (spec.keySize() != null && spec.keySize() < 0) {
            throw new InvalidInputException("Invalid input for field/attribute key_size. Value: " + spec.keySize()
                    + ". " + spec.keySize() + " is less than the minimum of 0");
        }
    }
}
