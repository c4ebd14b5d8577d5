package org.scoria.driver.lvm.internal;

import java.time.Duration;
import java.util.List;

import org.scoria.spi.volume.DriverException;

/**
 * Runs lvm2 and target commands on the storage node that holds the volume group: in this
 * process's own host ({@link LocalCommandExecutor}) or on another over SSH ({@link SshCommandExecutor}).
 * Commands are argument vectors, never shell text built from input.
 */
interface CommandExecutor extends AutoCloseable {

    /**
     * Runs a command and waits for it to end.
     *
     * @param input   what the command reads on its standard input, or {@code null} for nothing
     * @param timeout how long it may take; longer fails the call and the node is taken as not answering
     * @throws DriverException when the node cannot be reached or the command does not end in time;
     *                         a command that runs and fails returns its exit code instead
     */
    CommandResult run(List<String> command, byte[] input, Duration timeout) throws DriverException;

    /** Runs a command with the executor's usual timeout and fails unless it exits with 0. */
    default CommandResult check(String... command) throws DriverException {
        return run(List.of(command), null, defaultTimeout()).orFail(node());
    }

    /** How long a command may take unless its caller says otherwise. */
    Duration defaultTimeout();

    /** Where the commands run, for messages: {@code local} or {@code root@host:port}. */
    String node();

    @Override
    void close();
}
