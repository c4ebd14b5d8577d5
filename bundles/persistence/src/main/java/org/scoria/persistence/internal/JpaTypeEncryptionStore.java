package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.TypeEncryption;
import org.scoria.persistence.TypeEncryptionStore;

/** {@link TypeEncryptionStore} in native SQL; each change checks the type's volumes in its own transaction. */
@Component(service = TypeEncryptionStore.class)
public class JpaTypeEncryptionStore implements TypeEncryptionStore {

    private static final String COLUMNS = "encryption_id, volume_type_id, provider, cipher, key_size, control_location,"
            + " created_at, updated_at";

    private final Database db;

    @Activate
    public JpaTypeEncryptionStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Optional<TypeEncryption> find(String volumeTypeId) {
        return db.inTransaction(em -> read(em, volumeTypeId));
    }

    @Override
    public Outcome create(TypeEncryption encryption) {
        return change(encryption.volumeTypeId(), (em, exists) -> {
            if (exists) {
                return Outcome.EXISTS;
            }
            Database.execute(em, "INSERT INTO volume_type_encryption (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    Arrays.asList(encryption.encryptionId(), encryption.volumeTypeId(), encryption.provider(),
                            encryption.cipher(), encryption.keySize(), encryption.controlLocation(),
                            new Timestamp(System.currentTimeMillis()), null));
            return Outcome.DONE;
        });
    }

    @Override
    public Outcome update(TypeEncryption encryption) {
        return change(encryption.volumeTypeId(), (em, exists) -> {
            if (!exists) {
                return Outcome.MISSING;
            }
            Database.execute(em, "UPDATE volume_type_encryption SET provider = ?, cipher = ?, key_size = ?,"
                    + " control_location = ?, updated_at = ? WHERE volume_type_id = ?", Arrays.asList(encryption.provider(),
                    encryption.cipher(), encryption.keySize(), encryption.controlLocation(),
                    new Timestamp(System.currentTimeMillis()), encryption.volumeTypeId()));
            return Outcome.DONE;
        });
    }

    @Override
    public Outcome delete(String volumeTypeId) {
        return change(volumeTypeId, (em, exists) -> {
            if (!exists) {
                return Outcome.MISSING;
            }
            Database.execute(em, "DELETE FROM volume_type_encryption WHERE volume_type_id = ?", List.of(volumeTypeId));
            return Outcome.DONE;
        });
    }

    @FunctionalInterface
    private interface Change {
        Outcome apply(EntityManager em, boolean exists);
    }

    /**
     * Runs a change unless a live volume has the type, with the type's row locked as its
     * delete locks it, so a delete of the type does not interleave; a type that is gone has no
     * encryption. A volume created during the check is the race Cinder's check has too.
     */
    private Outcome change(String volumeTypeId, Change change) {
        return db.inTransaction(em -> {
            if (new RowUpdate("volume_types", volumeTypeId).execute(em) == 0) {
                return Outcome.MISSING;
            }
            if (Database.count(em, "SELECT COUNT(*) FROM volumes WHERE volume_type_id = ? AND deleted = ?", volumeTypeId,
                    Boolean.FALSE) > 0) {
                return Outcome.TYPE_IN_USE;
            }
            return change.apply(em, read(em, volumeTypeId).isPresent());
        });
    }

    private static Optional<TypeEncryption> read(EntityManager em, String volumeTypeId) {
        return Database.rows(em, "SELECT " + COLUMNS + " FROM volume_type_encryption WHERE volume_type_id = ?",
                volumeTypeId).stream().findFirst().map(row -> new TypeEncryption((String) row[0], (String) row[1],
                        (String) row[2], (String) row[3], row[4] == null ? null : ((Number) row[4]).intValue(),
                        (String) row[5], Database.instant(row[6]), Database.instant(row[7])));
    }
}
