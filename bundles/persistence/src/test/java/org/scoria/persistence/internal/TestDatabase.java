package org.scoria.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a store test runs on: a new in-memory Derby database, or, while
 * {@link PostgresStoresTest} runs the store tests again, a new database on its PostgreSQL server.
 */
final class TestDatabase {

    /** The port of the PostgreSQL server the store tests run on; unset for Derby. */
    static final String POSTGRES_PORT = "scoria.test.postgres.port";

    private TestDatabase() {
    }

    /** A new, empty database named {@code name} (letters, digits and dashes). */
    static DataSource create(String name) throws SQLException {
        String port = System.getProperty(POSTGRES_PORT);
        if (port == null) {
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName("memory:" + name);
            derby.setCreateDatabase("create");
            return derby;
        }
        String database = name.replace('-', '_');
        try (Connection admin = postgres(port, "postgres").getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        }
        return postgres(port, database);
    }

    private static PGSimpleDataSource postgres(String port, String database) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setServerNames(new String[] {"127.0.0.1"});
        postgres.setPortNumbers(new int[] {Integer.parseInt(port)});
        postgres.setDatabaseName(database);
        postgres.setUser("scoria");
        postgres.setPassword("scoria");
        return postgres;
    }
}
