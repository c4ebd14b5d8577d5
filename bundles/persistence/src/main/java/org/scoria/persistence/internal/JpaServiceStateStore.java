package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.ServiceState;
import org.scoria.persistence.ServiceStateStore;

/** {@link ServiceStateStore} in native SQL. */
@Component(service = ServiceStateStore.class)
public class JpaServiceStateStore implements ServiceStateStore {

    private final Database db;

    @Activate
    public JpaServiceStateStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public List<ServiceState> all() {
        return db.inTransaction(em -> Database.rows(em, "SELECT host, binary_name, disabled, disabled_reason, updated_at"
                + " FROM service_states ORDER BY host, binary_name").stream()
                .map(row -> new ServiceState((String) row[0], (String) row[1], Database.bool(row[2]), (String) row[3],
                        Database.instant(row[4]))).toList());
    }

    @Override
    public ServiceState set(String host, String binary, boolean disabled, String reason) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        String kept = disabled ? reason : null;
        db.upsert(em -> {
            if (Database.execute(em, "UPDATE service_states SET disabled = ?, disabled_reason = ?, updated_at = ?"
                    + " WHERE host = ? AND binary_name = ?", Arrays.asList(disabled, kept, now, host, binary)) == 0) {
                Database.execute(em, "INSERT INTO service_states (host, binary_name, disabled, disabled_reason, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?)", Arrays.asList(host, binary, disabled, kept, now));
            }
            return null;
        });
        return new ServiceState(host, binary, disabled, kept, now.toInstant());
    }
}
