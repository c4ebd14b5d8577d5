package org.scoria.driver.lvm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.scoria.spi.volume.DriverException;

/** The local executor runs real processes: exit codes, output, input and timeouts. */
public class LocalCommandExecutorTest {

    private final LocalCommandExecutor executor = new LocalCommandExecutor(Duration.ofSeconds(10));

    @After
    public void close() {
        executor.close();
    }

    @Test
    public void aFailedCommandKeepsItsExitCodeAndBothOutputs() throws Exception {
        CommandResult result = executor.run(List.of("sh", "-c", "echo out; echo 'Volume group \"x\" not found' >&2; exit 5"),
                null, Duration.ofSeconds(10));
        assertEquals(5, result.exitCode());
        assertEquals("out\n", result.stdout());
        DriverException error = result.failure(executor.node());
        assertTrue(error.getMessage(), error.getMessage().contains("exit code 5: Volume group \"x\" not found"));
        try {
            executor.check("sh", "-c", "echo nope >&2; exit 3");
            fail("a failing command passed the check");
        } catch (DriverException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().endsWith("exit code 3: nope"));
        }
    }

    @Test
    public void inputReachesTheCommand() throws Exception {
        CommandResult result = executor.run(List.of("cat"), "tgt config\n".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
        assertEquals("tgt config\n", result.stdout());
    }

    @Test
    public void aCommandThatDoesNotEndInTimeFailsAndIsKilled() throws Exception {
        long started = System.nanoTime();
        try {
            executor.run(List.of("sleep", "30"), null, Duration.ofMillis(300));
            fail("sleep 30 ended within 300 ms");
        } catch (DriverException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("did not end within"));
        }
        assertTrue(System.nanoTime() - started < 5_000_000_000L);
    }

    /** What the SSH executor sends is parsed by the node's shell back into the same arguments. */
    @Test
    public void quotedArgumentsReachTheShellUnchanged() throws Exception {
        List<String> arguments = List.of("plain", "two words", "it's", "$HOME", "a;b", "*", "", "iqn.2010-10.org:volume-1");
        List<String> quoted = new ArrayList<>();
        arguments.forEach(argument -> quoted.add(SshCommandExecutor.quote(argument)));
        CommandResult result = executor.check("sh", "-c", "printf '[%s]\\n' " + String.join(" ", quoted));
        StringBuilder expected = new StringBuilder();
        arguments.forEach(argument -> expected.append('[').append(argument).append("]\n"));
        assertEquals(expected.toString(), result.stdout());
    }
}
