package org.scoria.driver.lvm.internal;

import java.util.List;

import org.scoria.spi.volume.DriverException;

/** How a command on the storage node ended: its exit code and what it printed. */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    boolean succeeded() {
        return exitCode == 0;
    }

    /** This result when it succeeded, else a driver error that carries the command's stderr. */
    CommandResult orFail(String node) throws DriverException {
        if (!succeeded()) {
            throw failure(node);
        }
        return this;
    }

    DriverException failure(String node) {
        String said = stderr.isBlank() ? stdout.strip() : stderr.strip();
        return new DriverException("'" + String.join(" ", command) + "' on " + node + " failed with exit code "
                + exitCode + (said.isEmpty() ? "" : ": " + said.replaceAll("\\s*\\n\\s*", "; ")));
    }
}
