package org.scoria.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real {@code cinder} and {@code openstack} CLIs with Python's start and the clients' imports
 * paid once, not for every command (about a second of CPU each): a Python process (Debian's
 * {@code /usr/bin/python3}) imports the clients, then runs each command in a process forked from
 * that state, through the client's console entry point, with the command's arguments and
 * environment. No command sees what another did. The Python process is stopped when closed.
 */
final class OpenStackClients implements AutoCloseable {

    private static final int COMMAND_SECONDS = 120;

    private final Path script;
    private final Process python;
    private final OutputStream requests;
    private final BufferedReader answers;

    private OpenStackClients(Path script, Process python) {
        this.script = script;
        this.python = python;
        this.requests = python.getOutputStream();
        this.answers = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
    }

    static OpenStackClients start() throws IOException {
        Path script = Files.createTempFile("openstack-clients", ".py");
        try (InputStream in = OpenStackClients.class.getResourceAsStream("openstack-clients.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new OpenStackClients(script, python);
    }

    /** Runs {@code command} ({@code cinder ...} or {@code openstack ...}) with only {@code environment}'s client variables. */
    synchronized Run run(Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        String request = Http.JSON.writeValueAsString(Map.of("command", command, "environment", environment));
        requests.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        requests.flush();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return answers.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String line;
        try {
            line = answer.get(COMMAND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            python.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s", e);
        }
        if (line == null) {
            throw new AssertionError("the clients' Python process ended (status " + python.waitFor() + ") on "
                    + String.join(" ", command));
        }
        JsonNode reply = Http.JSON.readTree(line);
        return new Run(reply.get("exit").asInt(), reply.get("output").asText());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        requests.close();
        if (!python.waitFor(10, TimeUnit.SECONDS)) {
            python.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(script);
    }
}
