package org.scoria.persistence.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.rules.ExternalResource;
import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * The store tests again on PostgreSQL, where the stores' native SQL and row locks differ from
 * Derby's: a server of the test's own (scripts/postgres, 127.0.0.1 only) started for the suite
 * and stopped after it, each test class on a new database of its own.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({JpaVolumeStoreTest.class, JpaVolumeTypeStoreTest.class, JpaAttachmentStoreTest.class,
        JpaBackupStoreTest.class, JpaPendingCommandStoreTest.class, QuotaTest.class})
public class PostgresStoresTest {

    @ClassRule
    public static final ExternalResource SERVER = new ExternalResource() {
        private Path directory;

        @Override
        protected void before() throws Exception {
            directory = Path.of(System.getProperty("scoria.test.postgres.dir", "target/postgres"));
            String port = System.getProperty("scoria.test.postgres.server.port", "15434");
            postgres("up", directory.toString(), port);
            System.setProperty(TestDatabase.POSTGRES_PORT, port);
        }

        @Override
        protected void after() {
            System.clearProperty(TestDatabase.POSTGRES_PORT);
            try {
                postgres("down", directory.toString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Could not stop the PostgreSQL server in " + directory, e);
            }
        }
    };

    private static void postgres(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = Path.of(System.getProperty("scoria.scripts", "../../scripts"), "postgres").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
