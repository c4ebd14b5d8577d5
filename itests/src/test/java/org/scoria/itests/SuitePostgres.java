package org.scoria.itests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suite's PostgreSQL server on 127.0.0.1: scripts/postgres, started by the build before the
 * integration tests and stopped after them (by its PID), with user {@code scoria} who may create
 * databases. Each use takes a fresh database, so no test sees another's rows.
 */
final class SuitePostgres {

    static final String USER = "scoria";
    static final String PASSWORD = "scoria";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private SuitePostgres() {
    }

    /** Creates an empty database and returns its JDBC URL. */
    static String freshDatabase() {
        String database = "itest_" + System.currentTimeMillis() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = connect(server() + "scoria"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("The suite's PostgreSQL server at " + server() + " does not take a new "
                    + "database (the build starts it with scripts/postgres): " + e.getMessage(), e);
        }
        return server() + database;
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    private static String server() {
        return "jdbc:postgresql://127.0.0.1:" + System.getProperty("scoria.itest.postgres.port", "15432") + "/";
    }
}
