package org.scoria.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command the tests ran to its end: how it exited and what it printed (standard output and error). */
record Run(int exit, String output) {

    static Run of(String... command) throws IOException, InterruptedException {
        return of(Map.of(), command);
    }

    /**
     * Runs a command with OpenStack client variables ({@code OS_*}, {@code CINDER*}) taken from
     * {@code environment} only, never from the environment the build runs in.
     */
    static Run of(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("OS_") || name.startsWith("CINDER"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Run(process.exitValue(), output);
    }
}
