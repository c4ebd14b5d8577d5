package org.scoria.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.DatabaseCopy;

@Command(scope = "scoria", name = "db-copy", description = "Copies this deployment's database into another, empty one "
        + "(embedded Derby to PostgreSQL): the schema, then every row. Run it with no requests coming in; then point "
        + "etc/org.ops4j.datasource-scoria.cfg at the target and restart.")
@Service
public class DatabaseCopyCommand implements Action {

    @Argument(index = 0, name = "url", required = true, description = "The target's JDBC URL, e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/scoria")
    private String url;

    @Option(name = "--user", description = "The user to log in to the target as")
    private String user;

    @Option(name = "--password", description = "The user's password")
    private String password;

    @Option(name = "--driver", description = "The target's JDBC driver, by its osgi.jdbc.driver.name")
    private String driver = "PostgreSQL JDBC Driver";

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private DatabaseCopy databaseCopy;

    @Override
    public Object execute() throws Exception {
        Map<String, Long> copied = databaseCopy.copyTo(new DatabaseCopy.Target(driver, url, user, password));
        ShellTable table = new ShellTable();
        table.column("Table");
        table.column("Rows").alignRight();
        copied.forEach((name, rows) -> table.addRow().addContent(name, rows));
        table.print(System.out, !noFormat);
        System.out.println("Copied " + copied.values().stream().mapToLong(Long::longValue).sum() + " rows of "
                + copied.size() + " tables to " + url);
        return null;
    }
}
