package org.scoria.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node Swift with tempauth on 127.0.0.1 ({@code scripts/swift-cluster}), in a
 * directory of its own under the build directory, stopped (its processes, by PID) and removed by
 * {@link #close()}. The tests look at what the backup driver stored through the {@code swift} CLI
 * of python3-swiftclient ({@code /usr/bin/swift}, which runs under {@code /usr/bin/python3}).
 */
final class SwiftCluster implements AutoCloseable {

    private static final String SWIFT = "/usr/bin/swift";
    private static final String USER = "test:tester";
    private static final String KEY = "testing";

    private final ScriptedServer server;
    private final String authUrl;

    private SwiftCluster(ScriptedServer server, String authUrl) {
        this.server = server;
        this.authUrl = authUrl;
    }

    static SwiftCluster start(String name) throws IOException, InterruptedException {
        // The script's own line: the version, how long it took and where to authenticate.
        ScriptedServer server = ScriptedServer.up("swift-cluster", "swift-" + name, List.of(), "swift ");
        // The ports may be moved by SWIFT_*_PORT: the script writes the auth URL it used.
        Path env = server.directory().resolve("env");
        try {
            String authUrl = Files.readAllLines(env).stream()
                    .filter(line -> line.startsWith("export ST_AUTH="))
                    .map(line -> line.substring("export ST_AUTH=".length()))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no ST_AUTH in " + env));
            return new SwiftCluster(server, authUrl);
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /** tempauth's URL, e.g. {@code http://127.0.0.1:8080/auth/v1.0}: the driver's {@code auth.url} with auth version 1. */
    String authUrl() {
        return authUrl;
    }

    /** The tempauth user, an {@code .admin} of account {@code AUTH_test}. */
    String user() {
        return USER;
    }

    String key() {
        return KEY;
    }

    /** Runs the {@code swift} CLI as the test user; fails the test when it fails. */
    String swift(String... arguments) throws IOException, InterruptedException {
        Run run = run(arguments);
        if (run.exit() != 0) {
            throw new AssertionError("swift " + String.join(" ", arguments) + " failed with " + run.exit() + ": "
                    + run.output());
        }
        return run.output();
    }

    private Run run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SWIFT, "-A", authUrl, "-U", USER, "-K", KEY));
        command.addAll(List.of(arguments));
        return Run.of(command.toArray(new String[0]));
    }

    /** {@code swift stat} of the account, or of a container or object when named. */
    String stat(String... containerAndObject) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("stat"));
        arguments.addAll(List.of(containerAndObject));
        return swift(arguments.toArray(new String[0]));
    }

    /** The names in the container that start with the prefix, sorted as Swift lists them; none when there is no such container. */
    List<String> objects(String container, String prefix) throws IOException, InterruptedException {
        Run run = run("list", container, "--prefix", prefix);
        if (run.exit() != 0 && run.output().contains("not found")) {
            return List.of();
        }
        if (run.exit() != 0) {
            throw new AssertionError("swift list " + container + " --prefix " + prefix + " failed with " + run.exit()
                    + ": " + run.output());
        }
        return run.output().lines().filter(line -> !line.isEmpty()).toList();
    }

    /** An object's content, downloaded by the CLI, which checks it against the ETag. */
    byte[] download(String container, String object) throws IOException, InterruptedException {
        Path file = Files.createTempFile(server.directory(), "download-", ".bin");
        try {
            swift("download", container, object, "--output", file.toString());
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Uploads a file as the object, creating the container when missing. */
    void upload(String container, String object, Path file) throws IOException, InterruptedException {
        swift("upload", container, file.toString(), "--object-name", object);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
    }
}
