package org.scoria.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Servers a script under scripts/ runs in a directory of its own under the build's work directory:
 * {@code <script> up DIR …} starts them and ends with a line {@code ready}, {@code <script> down
 * DIR} stops them (by PID) and removes the directory, which {@link #close()} does.
 */
final class ScriptedServer implements AutoCloseable {

    private final String script;
    private final Path directory;

    private ScriptedServer(String script, Path directory) {
        this.script = script;
        this.directory = directory;
    }

    /**
     * Starts them, or stops what was started and fails.
     *
     * @param name      the directory's name, made unique
     * @param arguments what {@code up} takes after the directory
     * @param printed   the starts of the script's own lines to show in the test's output
     */
    static ScriptedServer up(String script, String name, List<String> arguments, String... printed)
            throws IOException, InterruptedException {
        Path directory = Path.of(System.getProperty("scoria.work", "target/work"), name + "-" + System.nanoTime())
                .toAbsolutePath();
        Files.createDirectories(directory.getParent());
        ScriptedServer server = new ScriptedServer(script, directory);
        List<String> up = new ArrayList<>(List.of("up", directory.toString()));
        up.addAll(arguments);
        Run started = server.run(up.toArray(new String[0]));
        if (started.exit() != 0 || !started.output().contains("ready")) {
            server.run("down", directory.toString());
            throw new IOException("scripts/" + script + " up did not come up: " + started.output());
        }
        started.output().lines().filter(line -> List.of(printed).stream().anyMatch(line::startsWith))
                .forEach(System.out::println);
        return server;
    }

    Path directory() {
        return directory;
    }

    /** Runs the script with these arguments. */
    Run run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("scoria.scripts", "../scripts"), script).toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        return Run.of(command.toArray(new String[0]));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Run down = run("down", directory.toString());
        if (down.exit() != 0) {
            throw new IOException("scripts/" + script + " down did not stop cleanly: " + down.output());
        }
    }
}
