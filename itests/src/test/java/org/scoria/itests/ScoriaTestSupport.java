package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Boots the real Scoria distribution (the assembly's tarball, on its embedded defaults) and
 * waits until its REST endpoint and default backend serve.
 */
public abstract class ScoriaTestSupport {

    static final String ENDPOINT = "http://127.0.0.1:8776";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    @Filter(timeout = 120000)
    protected VolumeStore store;

    @Inject
    @Filter(timeout = 120000)
    protected BackendRegistry backends;

    @Inject
    @Filter(timeout = 120000)
    protected SessionFactory sessionFactory;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    /** Every test class runs in the distribution as it ships. */
    @Configuration
    public Option[] config() {
        return distribution();
    }

    /** Every test starts with the endpoint and the default backend serving. */
    @Before
    public void defaultBackendReady() throws Exception {
        awaitReady("nfs-default");
    }

    protected static Option[] distribution(Option... extra) {
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(System.getProperty("scoria.assembly")).toURI().toString())
                        .karafVersion(System.getProperty("karaf.version"))
                        .name("scoria")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                // Kept under target/exam for the logs of a failed run; mvn clean removes them.
                keepRuntimeFolder(),
                logLevel(LogLevelOption.LogLevel.INFO),
                systemProperty("scoria.itest").value("true"),
                // The example vendor filter, and the vendor bundle that hangs, for the tests that install them at runtime.
                systemProperty("scoria.example.filter").value(System.getProperty("scoria.example.filter", "")),
                systemProperty("scoria.test.stuck.vendor").value(System.getProperty("scoria.test.stuck.vendor", "")),
                // The example vendor driver in two releases, for the tests that install and update it.
                systemProperty("scoria.example.driver").value(System.getProperty("scoria.example.driver", "")),
                systemProperty("scoria.example.driver.next").value(System.getProperty("scoria.example.driver.next", ""))));
        if ("postgresql".equals(System.getProperty("scoria.itest.database"))) {
            options.addAll(postgresql());
        }
        options.addAll(List.of(extra));
        return options.toArray(new Option[0]);
    }

    /**
     * The datasource on a fresh database of the suite's PostgreSQL server, as an operator switches.
     * The file is written before the feature would install its own: it must be whole.
     */
    private static List<Option> postgresql() {
        String cfg = "etc/org.ops4j.datasource-scoria.cfg";
        return List.of(
                editConfigurationFilePut(cfg, "dataSourceName", "scoria"),
                editConfigurationFilePut(cfg, "pool", "dbcp2"),
                editConfigurationFilePut(cfg, "xa", "false"),
                editConfigurationFilePut(cfg, "pool.maxTotal", "16"),
                editConfigurationFilePut(cfg, "pool.maxIdle", "16"),
                editConfigurationFilePut(cfg, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
                editConfigurationFilePut(cfg, "url", SuitePostgres.freshDatabase()),
                editConfigurationFilePut(cfg, "user", SuitePostgres.USER),
                editConfigurationFilePut(cfg, "password", SuitePostgres.PASSWORD));
    }

    /** A client for project {@code project} as user {@code user}, noauth style. */
    protected static Http client(String user, String project) {
        return new Http(ENDPOINT, user + ":" + project);
    }

    /** Waits for the endpoint and for a backend to be up. */
    protected void awaitReady(String backendName) throws Exception {
        Http anonymous = new Http(ENDPOINT, null);
        await("the REST endpoint", 120, () -> anonymous.get("/v3/").status() == 200
                && client("probe", "probe").get("/v3/probe/volumes").status() == 200);
        await("backend " + backendName + " up", 120, () -> backends.backends().stream()
                .anyMatch(b -> b.backendName().equals(backendName) && "up".equals(b.state())));
    }

    protected BackendState backend(String name) {
        return backends.backends().stream().filter(b -> b.backendName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No backend " + name + " in " + backends.backends()));
    }

    protected static String createBody(int size, String extra) {
        return "{\"volume\": {\"size\": " + size + (extra == null ? "" : ", " + extra) + "}}";
    }

    /** Creates a volume over REST and returns its id, checking the 202 and the {@code creating} status. */
    protected static String create(Http http, String project, String body) throws IOException {
        Http.Reply reply = http.post("/v3/" + project + "/volumes", body);
        assertEquals(reply.body(), 202, reply.status());
        JsonNode volume = reply.json().get("volume");
        assertEquals("creating", volume.get("status").asText());
        return volume.get("id").asText();
    }

    protected Volume awaitStatus(String id, VolumeStatus status, int seconds) throws InterruptedException {
        try {
            await("volume " + id + " " + status.wireName(), seconds,
                    () -> store.find(id).map(v -> v.status() == status).orElse(false));
        } catch (AssertionError timedOut) {
            // Where it stands instead says which step it is waiting for.
            throw new AssertionError(timedOut.getMessage() + "; it is " + store.find(id)
                    .map(v -> v.status().wireName() + " on " + v.host() + " (" + v.statusReason() + ")")
                    .orElse("gone"), timedOut);
        }
        return store.find(id).orElseThrow();
    }

    protected void awaitGone(String id, int seconds) throws InterruptedException {
        await("volume " + id + " deleted", seconds, () -> store.find(id).isEmpty());
    }

    /**
     * Adds an NFS backend on a directory of its own under the container's data folder; {@code more}
     * adds or overrides properties.
     */
    protected org.osgi.service.cm.Configuration nfsBackend(String name, int reservedPercentage, Map<String, Object> more)
            throws Exception {
        org.osgi.service.cm.Configuration config = configurationAdmin.getFactoryConfiguration("org.scoria.driver.nfs", name, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("scoria.backend.name", name);
        properties.put("share.directory", new File(System.getProperty("karaf.data"), "it/" + name).getPath());
        properties.put("reserved.percentage", reservedPercentage);
        properties.putAll(more);
        config.update(properties);
        return config;
    }

    /**
     * Removes a backend's configuration and waits until it is reported down (at once, for a removed
     * configuration), so that no later create is placed on a backend that is going away and left
     * waiting in its queue.
     */
    protected void removeBackend(org.osgi.service.cm.Configuration config) throws Exception {
        Object name = config.getProperties() == null ? null : config.getProperties().get("scoria.backend.name");
        config.delete();
        await("backend " + name + " down", 30, () -> backends.backends().stream()
                .noneMatch(b -> b.backendName().equals(name) && !"down".equals(b.state())));
    }

    /** A configuration's properties, to change and update it with. */
    protected static Hashtable<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    /** Runs a Karaf shell command and returns what it printed. */
    protected String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true)) {
            Session session = sessionFactory.create(System.in, out, out);
            session.execute(command);
            out.flush();
        }
        return bytes.toString();
    }

    /** Deletes the volumes, each accepted, and waits until they are gone. */
    protected void deleteAll(Http http, String project, List<String> ids) throws Exception {
        for (String id : ids) {
            assertEquals(202, http.delete("/v3/" + project + "/volumes/" + id).status());
        }
        for (String id : ids) {
            awaitGone(id, 60);
        }
    }

    protected static void await(String what, int seconds, Await.Check condition) throws InterruptedException {
        Await.until(what, seconds, condition);
    }
}
