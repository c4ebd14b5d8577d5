package org.scoria.persistence.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database schema to the version this bundle needs, with numbered SQL scripts
 * applied in order, each in its own transaction and recorded in {@code scoria_schema_version}.
 * Stores depend on this component, so nothing reads a table before it exists.
 */
@Component(service = SchemaMigrator.class)
public class SchemaMigrator {

    /** The scripts, in order. A released script is never edited; a change is a new script. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "volumes", "migration/V001__volumes.sql"),
            new Migration(2, "volume listing index", "migration/V002__volume_listing_index.sql"),
            new Migration(3, "volume flags and metadata", "migration/V003__volume_flags_and_metadata.sql"),
            new Migration(4, "snapshots", "migration/V004__snapshots.sql"),
            new Migration(5, "volume types and QoS specs", "migration/V005__volume_types_and_qos.sql"),
            new Migration(6, "quotas", "migration/V006__quotas.sql"),
            new Migration(7, "services and user messages", "migration/V007__services_and_messages.sql"),
            new Migration(8, "pending commands", "migration/V008__pending_commands.sql"),
            new Migration(9, "attachments", "migration/V009__attachments.sql"),
            new Migration(10, "backups", "migration/V010__backups.sql"),
            new Migration(11, "backup volume hold", "migration/V011__backup_volume_hold.sql"),
            new Migration(12, "snapshot progress", "migration/V012__snapshot_progress.sql"),
            new Migration(13, "volume type encryption", "migration/V013__volume_type_encryption.sql"),
            new Migration(14, "volume image metadata", "migration/V014__volume_image_metadata.sql"),
            new Migration(15, "image-volume cache", "migration/V015__image_volume_cache.sql"));

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    static final String VERSION_TABLE = "scoria_schema_version";

    @Activate
    public SchemaMigrator(@Reference(name = "dataSource", target = "(dataSourceName=scoria)") DataSource dataSource)
            throws SQLException, IOException {
        migrate(dataSource);
    }

    static int migrate(DataSource dataSource) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            ensureVersionTable(connection);
            // Nodes starting together on one database: one migrates, the others wait here and then
            // find the schema current. The lock, and every migration, ends with the one commit.
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + VERSION_TABLE + " IN EXCLUSIVE MODE");
            }
            int current = currentVersion(connection);
            for (Migration migration : MIGRATIONS) {
                if (migration.version() > current) {
                    apply(connection, migration);
                    current = migration.version();
                }
            }
            connection.commit();
            return current;
        }
    }

    /** Whether the database behind {@code connection} holds a Scoria schema (of any version). */
    static boolean hasVersionTable(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        // Derby stores unquoted names in upper case, PostgreSQL in lower case.
        for (String name : List.of(VERSION_TABLE.toUpperCase(), VERSION_TABLE)) {
            try (ResultSet tables = meta.getTables(null, null, name, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void ensureVersionTable(Connection connection) throws SQLException {
        if (hasVersionTable(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + VERSION_TABLE
                    + " (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                    + " applied_at TIMESTAMP NOT NULL)");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            // Another node made it meanwhile.
            if (!hasVersionTable(connection)) {
                throw e;
            }
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection connection, Migration migration) throws SQLException, IOException {
        LOG.info("Migrating the database schema to version {} ({})", migration.version(), migration.description());
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(migration.script())) {
                statement.execute(sql);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + VERSION_TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("Schema migration to version " + migration.version() + " ("
                    + migration.script() + ") failed: " + e.getMessage(), e);
        }
    }

    /** The script's statements: split on ';' at line ends, with '--' comment lines dropped. */
    static List<String> statements(String script) throws IOException {
        String text;
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IOException("Migration script " + script + " is missing from the bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().trim();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }

    record Migration(int version, String description, String script) {
    }
}
