package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An embedded Derby deployment moved to PostgreSQL, as an operator moves one: {@code scoria:db-copy}
 * into an empty database of the suite's PostgreSQL server, the datasource configuration pointed at
 * it, a restart; the volumes, snapshots and types are all there and the platform goes on working.
 */
public class DatabaseCopyIT {

    private static final String PROJECT = "dbcopy-it";

    private final ProjectVolumes volumes = new ProjectVolumes("dora", PROJECT);
    private final Http admin = new Http(ScoriaTestSupport.ENDPOINT, "admin:" + PROJECT);
    private Distribution distribution;

    @Before
    public void unpack() throws Exception {
        distribution = Distribution.unpack("dbcopy");
    }

    @After
    public void stopAndClean() throws Exception {
        Distribution.stopAndDelete(distribution, null);
    }

    @Test
    public void aDerbyDeploymentMovesToPostgresqlWithItsState() throws Exception {
        distribution.start();
        volumes.awaitEndpoint();
        Http.unlimitedQuota(ScoriaTestSupport.ENDPOINT, PROJECT);
        Http.Reply type = admin.post("/v3/" + PROJECT + "/types", "{\"volume_type\": {\"name\": \"moved\"}}");
        assertEquals(type.body(), 200, type.status());
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kept.add(volumes.create());
        }
        for (String id : kept) {
            volumes.awaitStatus(id, "available", 60);
        }
        String snapshot = volumes.snapshot(kept.get(0));

        String url = SuitePostgres.freshDatabase();
        String copy = "scoria:db-copy --user " + SuitePostgres.USER + " --password " + SuitePostgres.PASSWORD + " " + url;
        String output = distribution.shell(copy);
        System.out.println(output);
        assertTrue(output, output.contains("Copied "));
        assertEquals(3, count(url, "volumes"));
        assertEquals(1, count(url, "snapshots"));
        // A second copy finds a Scoria schema there and writes nothing.
        String again;
        try {
            again = distribution.shell(copy);
        } catch (IOException refused) {
            again = refused.getMessage();
        }
        assertTrue(again, again.contains("already holds a Scoria schema"));
        assertEquals(3, count(url, "volumes"));

        distribution.stop();
        Path cfg = distribution.etc("org.ops4j.datasource-scoria.cfg");
        Files.writeString(cfg, Files.readString(cfg)
                .replace("osgi.jdbc.driver.name=derby", "osgi.jdbc.driver.name=PostgreSQL JDBC Driver")
                .replaceAll("(?m)^url=.*$", "url=" + url)
                + "user=" + SuitePostgres.USER + "\npassword=" + SuitePostgres.PASSWORD + "\n");
        distribution.start();
        volumes.awaitEndpoint();

        for (String id : kept) {
            assertEquals("available", volumes.status(id));
        }
        assertEquals("available", volumes.snapshotStatus(snapshot));
        JsonNode types = admin.get("/v3/" + PROJECT + "/types").json().path("volume_types");
        assertTrue(types.toString(), types.toString().contains("\"moved\""));
        // The moved deployment goes on: a new volume, on PostgreSQL only.
        String fresh = volumes.create();
        volumes.awaitStatus(fresh, "available", 60);
        assertEquals(4, count(url, "volumes"));
    }

    private static long count(String url, String table) throws Exception {
        try (Connection connection = SuitePostgres.connect(url); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE deleted = false")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
