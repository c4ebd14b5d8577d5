package org.scoria.itests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.AssumptionViolatedException;
import org.junit.rules.TestRule;
import org.junit.runners.model.Statement;

/**
 * The distribution run as an operator runs it: unpacked from the assembly's tarball and started
 * with {@code bin/karaf server}. Only the processes this class started are stopped, by PID.
 */
final class Distribution implements AutoCloseable {

    private final Path home;
    private Process process;

    private Distribution(Path home) {
        this.home = home;
    }

    static Distribution unpack(String name) throws IOException, InterruptedException {
        Path work = Path.of(System.getProperty("scoria.work", "target/work"), name + "-" + System.nanoTime());
        Files.createDirectories(work);
        run(work, "tar", "xzf", new File(System.getProperty("scoria.assembly")).getAbsolutePath());
        try (Stream<Path> entries = Files.list(work)) {
            return new Distribution(entries.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("Nothing unpacked in " + work)));
        }
    }

    Path home() {
        return home;
    }

    Path etc(String file) {
        return home.resolve("etc").resolve(file);
    }

    /** The directory of the default NFS backend, where each volume is a file named {@code volume-<id>}. */
    Path nfsShare() {
        return home.resolve("data/scoria/nfs/default");
    }

    Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    /** Has the command journal resend what a crash left within seconds, not the default minute; before the first start. */
    void resendJournalQuickly() throws IOException {
        Files.writeString(etc("org.scoria.journal.cfg"), "relay.interval.seconds=1\nresend.after.seconds=3\n");
    }

    void start() throws IOException {
        start(Map.of());
    }

    /** Starts with more system properties for the JVM (Karaf's {@code EXTRA_JAVA_OPTS}). */
    void start(Map<String, String> systemProperties) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("EXTRA_JAVA_OPTS", systemProperties.entrySet().stream()
                .map(property -> "-D" + property.getKey() + "=" + property.getValue()).collect(Collectors.joining(" ")));
        process = builder.start();
    }

    /**
     * Waits for the distribution to end on its own (e.g. halted at a fault point).
     *
     * @return its exit status
     * @throws TimeoutException when it is still running after {@code seconds}
     */
    int awaitExit(int seconds) throws InterruptedException, TimeoutException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new TimeoutException("The distribution in " + home + " still runs after " + seconds + " s");
        }
        int status = process.exitValue();
        process = null;
        return status;
    }

    /**
     * Stops as an operator would (SIGTERM to the launcher and its JVM) and waits until both have
     * exited. The PIDs are taken first: once the launcher exits, its JVM is no longer its descendant.
     */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> started = Stream.concat(process.toHandle().descendants(), Stream.of(process.toHandle()))
                .toList();
        started.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : started) {
            try {
                handle.onExit().get(90, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : started) {
            while (handle.isAlive()) {
                Thread.sleep(100);
            }
        }
        process = null;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /**
     * Why the distribution stopped answering, when it ended on its own: its exit status, the JVM's
     * fatal error report (hs_err) if it wrote one, and the last line it printed; null while it runs.
     */
    String exitNotice() throws IOException {
        if (process == null || process.isAlive()) {
            return null;
        }
        StringBuilder notice = new StringBuilder("the distribution in " + home + " exited with status " + process.exitValue());
        try (Stream<Path> files = Files.list(home)) {
            for (Path report : files.filter(file -> file.getFileName().toString().startsWith("hs_err_pid")).toList()) {
                List<String> lines = Files.readAllLines(report);
                int frame = lines.indexOf("# Problematic frame:");
                notice.append("; JVM fatal error: ").append(lines.stream().filter(line -> line.startsWith("#  SIG")
                        || line.startsWith("# java.lang.OutOfMemoryError") || line.startsWith("# Out of Memory")).findFirst().orElse(""))
                        .append(frame >= 0 && frame + 1 < lines.size() ? " at " + lines.get(frame + 1) : "")
                        .append(" (").append(report).append(")");
            }
        }
        Path out = home.resolve("karaf.out");
        if (Files.exists(out)) {
            List<String> printed = Files.readAllLines(out).stream().filter(line -> !line.isBlank()).toList();
            notice.append("; it last printed: ").append(printed.isEmpty() ? "nothing" : printed.get(printed.size() - 1));
        }
        return notice.toString();
    }

    /**
     * A rule for a test class running a distribution: a test that fails because the distribution
     * died fails saying so ({@link #exitNotice()}), on the one line a build log shows, and not only
     * with the timeout or refused connection that followed.
     */
    static TestRule explainsItsDeath(Supplier<Distribution> running) {
        return (base, description) -> new Statement() {
            @Override
            public void evaluate() throws Throwable {
                try {
                    base.evaluate();
                } catch (AssumptionViolatedException skipped) {
                    throw skipped;
                } catch (Throwable failure) {
                    Distribution distribution = running.get();
                    String notice = distribution == null ? null : distribution.exitNotice();
                    if (notice == null) {
                        throw failure;
                    }
                    throw new AssertionError(failure + " — after " + notice, failure);
                }
            }
        };
    }

    /**
     * Runs a Karaf shell command over the distribution's SSH console ({@code bin/client}, loopback
     * only), retrying while the console is still starting, and returns what it printed.
     */
    String shell(String command) throws IOException, InterruptedException {
        return shell(home, command);
    }

    /** {@link #shell(String)} on the Karaf home {@code home}, a distribution this class did not unpack. */
    static String shell(Path home, String command) throws IOException, InterruptedException {
        // The command on standard input (batch mode): given as an argument, it can be cut short when the session closes.
        Process client = new ProcessBuilder("bin/client", "-u", "karaf", "-p", "karaf", "-r", "30", "-d", "2", "-b")
                .directory(home.toFile()).redirectErrorStream(true).start();
        try (var input = client.getOutputStream()) {
            input.write((command + "\n").getBytes());
        }
        String output = new String(client.getInputStream().readAllBytes());
        if (client.waitFor() != 0) {
            throw new IOException("bin/client " + command + " failed with " + client.exitValue() + ": " + output);
        }
        return output;
    }

    /**
     * Stops and removes the distribution, if there is one, then closes what it ran against (a
     * cluster the test started), even when stopping failed.
     */
    static void stopAndDelete(Distribution distribution, AutoCloseable against) throws Exception {
        try {
            if (distribution != null) {
                distribution.stop();
                distribution.delete();
            }
        } finally {
            if (against != null) {
                against.close();
            }
        }
    }

    /** Removes the unpacked distribution. */
    void delete() throws IOException {
        try (Stream<Path> paths = Files.walk(home.getParent())) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + tar.exitValue());
        }
    }
}
