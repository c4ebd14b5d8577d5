package org.scoria.driver.lvm.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.scoria.spi.volume.DriverException;

/** Runs commands on this host: the platform runs on the storage node itself. */
final class LocalCommandExecutor implements CommandExecutor {

    private final Duration defaultTimeout;
    /** Reads the children's output: blocking reads stay off the common pool. */
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scoria-lvm-local-output");
        thread.setDaemon(true);
        return thread;
    });

    LocalCommandExecutor(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public CommandResult run(List<String> command, byte[] input, Duration timeout) throws DriverException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // lvm2 warns on stderr about every descriptor a JVM leaves open to its children.
        builder.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DriverException("'" + String.join(" ", command) + "' could not be started here: " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (input != null) {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(input);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DriverException("'" + String.join(" ", command) + "' did not end within " + timeout.toSeconds()
                        + " s here; it was killed");
            }
            return new CommandResult(command, process.exitValue(), stdout.get(), stderr.get());
        } catch (IOException | ExecutionException e) {
            process.destroyForcibly();
            throw new DriverException("'" + String.join(" ", command) + "' failed here: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    private CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, readers);
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    public String node() {
        return "the local host";
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
