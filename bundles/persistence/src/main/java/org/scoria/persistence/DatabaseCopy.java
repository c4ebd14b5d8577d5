package org.scoria.persistence;

import java.sql.SQLException;
import java.util.Map;

/**
 * Takes a deployment's state into another database, as an operator moves from embedded Derby to
 * PostgreSQL: the target gets the schema, then every row of every table. The target must hold no
 * Scoria schema yet; nothing is written to it when it does.
 */
public interface DatabaseCopy {

    /** The target: a JDBC driver known to the container by its {@code osgi.jdbc.driver.name}, and where to log in. */
    record Target(String driverName, String url, String user, String password) {
    }

    /**
     * Copies this deployment's rows into the target.
     *
     * @return the rows copied, by table, in the order they were copied
     * @throws SQLException when the target cannot be reached, already holds a Scoria schema, or refuses a row; the
     *                      message says which
     */
    Map<String, Long> copyTo(Target target) throws SQLException;
}
