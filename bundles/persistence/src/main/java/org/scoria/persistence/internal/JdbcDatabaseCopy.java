package org.scoria.persistence.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.scoria.persistence.DatabaseCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every table plainly, row by row through JDBC: the schema has no foreign keys, sequences
 * or generated columns, so the same values in the same tables are the same deployment. The
 * source is read in one serializable transaction (a consistent picture; Derby holds writers back
 * meanwhile) and the target written in one, committed only when every table is in.
 */
@Component(service = DatabaseCopy.class)
public class JdbcDatabaseCopy implements DatabaseCopy {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabaseCopy.class);
    private static final int BATCH = 500;

    private final DataSource source;
    private final BundleContext context;

    /** The schema migrator is referenced so that the source is at this bundle's schema version. */
    @Activate
    public JdbcDatabaseCopy(@Reference(name = "dataSource", target = "(dataSourceName=scoria)") DataSource source,
            @Reference SchemaMigrator migrated, BundleContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public Map<String, Long> copyTo(Target target) throws SQLException {
        ServiceReference<DataSourceFactory> driver = driver(target);
        try {
            return copyTo(target, open(context.getService(driver), target));
        } finally {
            context.ungetService(driver);
        }
    }

    private Map<String, Long> copyTo(Target target, DataSource destination) throws SQLException {
        try (Connection to = destination.getConnection()) {
            if (SchemaMigrator.hasVersionTable(to)) {
                throw new SQLException("The target " + target.url() + " already holds a Scoria schema; copy into an"
                        + " empty database");
            }
        }
        try {
            SchemaMigrator.migrate(destination);
        } catch (IOException e) {
            throw new SQLException("The schema scripts cannot be read: " + e.getMessage(), e);
        }
        Map<String, Long> copied = new LinkedHashMap<>();
        try (Connection from = source.getConnection(); Connection to = destination.getConnection()) {
            from.setAutoCommit(false);
            from.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            to.setAutoCommit(false);
            try {
                for (String table : tables(from)) {
                    // What the migrations seeded (the default type…) gives way to the source's own rows.
                    try (Statement seeded = to.createStatement()) {
                        seeded.executeUpdate("DELETE FROM " + table);
                    }
                    copied.put(table, copy(from, to, table));
                    LOG.info("Copied {} rows of {} to {}", copied.get(table), table, target.url());
                }
                to.commit();
                from.commit();
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                from.rollback();
                throw e;
            }
        }
        return copied;
    }

    private ServiceReference<DataSourceFactory> driver(Target target) throws SQLException {
        Collection<ServiceReference<DataSourceFactory>> drivers;
        try {
            drivers = context.getServiceReferences(DataSourceFactory.class,
                    "(" + DataSourceFactory.OSGI_JDBC_DRIVER_NAME + "=" + target.driverName() + ")");
        } catch (InvalidSyntaxException e) {
            throw new SQLException("Not a JDBC driver name: " + target.driverName(), e);
        }
        if (drivers.isEmpty()) {
            throw new SQLException("No JDBC driver named '" + target.driverName() + "' in the container");
        }
        return drivers.iterator().next();
    }

    private static DataSource open(DataSourceFactory factory, Target target) throws SQLException {
        if (factory == null) {
            throw new SQLException("The JDBC driver '" + target.driverName() + "' went away");
        }
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, target.url());
        if (target.user() != null) {
            properties.setProperty(DataSourceFactory.JDBC_USER, target.user());
        }
        if (target.password() != null) {
            properties.setProperty(DataSourceFactory.JDBC_PASSWORD, target.password());
        }
        return factory.createDataSource(properties);
    }

    /** Scoria's tables in the source's schema, lower case (as both databases take them unquoted), by name. */
    private static List<String> tables(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!table.equals(SchemaMigrator.VERSION_TABLE)) {
                    tables.add(table);
                }
            }
        }
        tables.sort(null);
        return tables;
    }

    private static long copy(Connection from, Connection to, String table) throws SQLException {
        long rows = 0;
        try (Statement select = from.createStatement(); ResultSet rs = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData columns = rs.getMetaData();
            int width = columns.getColumnCount();
            StringBuilder names = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int column = 1; column <= width; column++) {
                names.append(column == 1 ? "" : ", ").append(columns.getColumnName(column).toLowerCase(Locale.ROOT));
                marks.append(column == 1 ? "?" : ", ?");
            }
            try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES ("
                    + marks + ")")) {
                while (rs.next()) {
                    for (int column = 1; column <= width; column++) {
                        insert.setObject(column, rs.getObject(column), columns.getColumnType(column));
                    }
                    insert.addBatch();
                    if (++rows % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new SQLException("Copying table " + table + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
        return rows;
    }
}
