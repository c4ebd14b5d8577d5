package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.PendingCommand;
import org.scoria.persistence.PendingCommandStore;

/** {@link PendingCommandStore} in native SQL. */
@Component(service = PendingCommandStore.class)
public class JpaPendingCommandStore implements PendingCommandStore {

    private final Database db;

    @Activate
    public JpaPendingCommandStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public PendingCommand record(String destination, String body) {
        PendingCommand entry = new PendingCommand(UUID.randomUUID().toString(), destination, body, Instant.now());
        db.update("INSERT INTO pending_commands (id, destination, body, recorded_at) VALUES (?, ?, ?, ?)",
                Arrays.asList(entry.id(), destination, body, Timestamp.from(entry.recordedAt())));
        return entry;
    }

    @Override
    public void markWritten(String id) {
        db.update("UPDATE pending_commands SET written = ?, recorded_at = ? WHERE id = ?",
                List.of(Boolean.TRUE, Timestamp.from(Instant.now()), id));
    }

    @Override
    public void remove(String id) {
        db.update("DELETE FROM pending_commands WHERE id = ?", List.of(id));
    }

    @Override
    public List<PendingCommand> due(Instant writtenBefore, Instant unwrittenBefore, int limit) {
        return db.inTransaction(em -> Database.rows(em, limit, "SELECT id, destination, body, recorded_at"
                + " FROM pending_commands WHERE (written = ? AND recorded_at < ?) OR (written = ? AND recorded_at < ?)"
                + " ORDER BY recorded_at", Boolean.TRUE, Timestamp.from(writtenBefore), Boolean.FALSE,
                Timestamp.from(unwrittenBefore)).stream()
                .map(row -> new PendingCommand((String) row[0], (String) row[1], (String) row[2],
                        Database.instant(row[3])))
                .toList());
    }
}
