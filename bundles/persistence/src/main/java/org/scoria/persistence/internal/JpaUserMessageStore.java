package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.UserMessage;
import org.scoria.persistence.UserMessageStore;

/** {@link UserMessageStore} in native SQL; every message is an error, the only level Cinder records. */
@Component(service = UserMessageStore.class)
public class JpaUserMessageStore implements UserMessageStore {

    private static final String COLUMNS = "id, project_id, request_id, resource_type, resource_uuid, event_id,"
            + " message_level, user_message, created_at";

    private final Database db;

    @Activate
    public JpaUserMessageStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public UserMessage create(String projectId, String requestId, String resourceType, String resourceUuid,
            String eventId, String userMessage) {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        String text = userMessage.length() > 1024 ? userMessage.substring(0, 1023) + "…" : userMessage;
        List<Object> values = Arrays.asList(id, projectId, requestId, resourceType, resourceUuid, eventId, "ERROR", text,
                new Timestamp(now), Boolean.FALSE);
        return db.inTransaction(em -> {
            Database.execute(em, "INSERT INTO user_messages (" + COLUMNS + ", deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values);
            return read(em, "id = ?", id).get(0);
        });
    }

    @Override
    public Optional<UserMessage> find(String id) {
        return db.inTransaction(em -> read(em, "id = ?", id).stream().findFirst());
    }

    @Override
    public List<UserMessage> list(String projectId, String resourceUuid, String resourceType, String eventId) {
        StringBuilder condition = new StringBuilder("1 = 1");
        List<Object> values = new ArrayList<>();
        String[][] filters = {{"project_id", projectId}, {"resource_uuid", resourceUuid}, {"resource_type", resourceType},
            {"event_id", eventId}};
        for (String[] filter : filters) {
            if (filter[1] != null) {
                condition.append(" AND ").append(filter[0]).append(" = ?");
                values.add(filter[1]);
            }
        }
        return db.inTransaction(em -> read(em, condition.toString(), values.toArray()));
    }

    @Override
    public boolean delete(String id) {
        return db.update("UPDATE user_messages SET deleted = ? WHERE id = ? AND deleted = ?",
                List.of(Boolean.TRUE, id, Boolean.FALSE)) == 1;
    }

    @Override
    public int removeOlderThan(Instant cutoff) {
        return db.update("DELETE FROM user_messages WHERE created_at < ? OR deleted = ?",
                List.of(Timestamp.from(cutoff), Boolean.TRUE));
    }

    private static List<UserMessage> read(EntityManager em, String condition, Object... values) {
        List<Object> parameters = new ArrayList<>(List.of(Boolean.FALSE));
        parameters.addAll(List.of(values));
        return Database.rows(em, "SELECT " + COLUMNS + " FROM user_messages WHERE deleted = ? AND " + condition
                + " ORDER BY created_at DESC, id DESC", parameters.toArray()).stream()
                .map(row -> new UserMessage((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], (String) row[5], (String) row[6], (String) row[7], Database.instant(row[8])))
                .toList();
    }
}
