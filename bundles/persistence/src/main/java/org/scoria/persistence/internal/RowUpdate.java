package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.scoria.persistence.VolumeDescription;

/**
 * One native {@code UPDATE} of a live (not deleted) row, always stamping {@code updated_at}, and
 * guarded by its current status when asked: the compare and the set happen in the database, in
 * one statement (OpenJPA may run a JPQL bulk update in memory, which would let two actors both
 * "win").
 */
final class RowUpdate {

    /** What a status reason column holds at most. */
    private static final int REASON_LENGTH = 1024;

    private final String table;
    private final String id;
    private final Timestamp now = new Timestamp(System.currentTimeMillis());
    private final Map<String, Object> sets = new LinkedHashMap<>();
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> conditionValues = new ArrayList<>();

    RowUpdate(String table, String id) {
        this.table = table;
        this.id = id;
    }

    /** The time this update stamps, for columns that record it too. */
    Timestamp now() {
        return now;
    }

    /** Writes {@code value}; {@code null} writes SQL NULL. */
    RowUpdate set(String column, Object value) {
        sets.put(column, value);
        return this;
    }

    /** Writes {@code value} unless it is {@code null}, which leaves the column as it is. */
    RowUpdate setIfPresent(String column, Object value) {
        return value == null ? this : set(column, value);
    }

    /** A status reason, shortened to what the column holds. */
    RowUpdate reason(String statusReason) {
        return setIfPresent("status_reason", statusReason == null || statusReason.length() <= REASON_LENGTH
                ? statusReason : statusReason.substring(0, REASON_LENGTH - 1) + "…");
    }

    /** Soft-deletes the row. */
    RowUpdate delete() {
        return set("deleted", Boolean.TRUE).set("deleted_at", now);
    }

    /** The name and description the change sets, {@code null} clearing them. */
    RowUpdate describe(VolumeDescription change) {
        if (change.setName()) {
            set("display_name", change.name());
        }
        if (change.setDescription()) {
            set("display_description", change.description());
        }
        return this;
    }

    /** Only while the row is in one of these statuses. */
    RowUpdate whereStatus(String... statuses) {
        conditions.add("status IN (" + String.join(", ", Collections.nCopies(statuses.length, "?")) + ")");
        conditionValues.addAll(List.of(statuses));
        return this;
    }

    /** Only while a further condition holds, e.g. {@code host IS NULL}, with its parameters. */
    RowUpdate where(String condition, Object... values) {
        conditions.add(condition);
        conditionValues.addAll(List.of(values));
        return this;
    }

    /** @return how many rows changed, 0 or 1 */
    int execute(EntityManager em) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET updated_at = ?");
        List<Object> values = new ArrayList<>(List.of(now));
        sets.forEach((column, value) -> {
            sql.append(", ").append(column).append(" = ?");
            values.add(value);
        });
        sql.append(" WHERE id = ? AND deleted = ?");
        values.addAll(List.of(id, Boolean.FALSE));
        conditions.forEach(condition -> sql.append(" AND ").append(condition));
        values.addAll(conditionValues);
        return Database.execute(em, sql.toString(), values);
    }
}
