package org.scoria.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A storage node with a real Linux kernel (device-mapper thin pools, tgt), which this machine's
 * own kernel lacks: the Debian VM of {@code scripts/storage-vm} under qemu, built once and cached
 * in the build directory, booted with an empty data disk ({@code /dev/vdb}) and reachable on
 * 127.0.0.1 by SSH and iSCSI. {@link #close()} powers it off and stops its qemu, by PID.
 */
final class StorageNode implements AutoCloseable {

    static final int SSH_PORT = 10022;
    static final int ISCSI_PORT = 13260;

    private final Path directory;

    private StorageNode(Path directory) {
        this.directory = directory;
    }

    /**
     * Builds the image when it is not cached and boots it. Fails (never skips) when the VM cannot
     * be built or booted, with the script's own words: no qemu, no root, no Debian mirror.
     */
    static StorageNode boot() throws IOException, InterruptedException {
        Path directory = Path.of(System.getProperty("scoria.storage.vm", "../target/storage-vm")).toAbsolutePath();
        Files.createDirectories(directory);
        Run build = Run.of(script(), "build", directory.toString());
        if (build.exit() != 0 || !build.output().contains("built")) {
            throw new IOException("The storage-node VM could not be built (scripts/storage-vm build): " + build.output());
        }
        build.output().lines().filter(line -> line.startsWith("storage-vm") || line.startsWith("image")).forEach(System.out::println);
        StorageNode node = new StorageNode(directory);
        node.up(true);
        return node;
    }

    private void up(boolean freshData) throws IOException, InterruptedException {
        Run up = Run.of(Map.of("SVM_FRESH_DATA", freshData ? "1" : "0", "SVM_SSH_PORT", String.valueOf(SSH_PORT),
                "SVM_ISCSI_PORT", String.valueOf(ISCSI_PORT)), script(), "up", directory.toString());
        // The script powers off a VM of its own that failed to come up; one already running is not ours to stop.
        if (up.exit() != 0 || !up.output().contains("ready")) {
            throw new IOException("The storage-node VM did not boot (scripts/storage-vm up): " + up.output());
        }
        up.output().lines().filter(line -> line.startsWith("storage-vm")).forEach(System.out::println);
    }

    private static String script() {
        return Path.of(System.getProperty("scoria.scripts", "../scripts"), "storage-vm").toAbsolutePath().toString();
    }

    /** Powers the node off and boots it again; its data disk (the volume group) stays, its root disk starts pristine. */
    void restart() throws IOException, InterruptedException {
        down();
        up(false);
    }

    /** Freezes the VM (SIGSTOP to its qemu): the node stops answering without closing any connection. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        String pid = Files.readString(directory.resolve("qemu.pid")).strip();
        Run kill = Run.of("kill", signal, pid);
        if (kill.exit() != 0) {
            throw new IOException("kill " + signal + " " + pid + " failed: " + kill.output());
        }
    }

    /** The key root logs in with, as the driver's {@code ssh.private.key}. */
    Path privateKey() {
        return directory.resolve("id_ed25519");
    }

    /** Runs a shell command on the node as root, through OpenSSH's client. */
    Run ssh(String command) throws IOException, InterruptedException {
        return Run.of("ssh", "-F", directory.resolve("ssh-config").toString(), "-o", "BatchMode=yes", "storage-vm", command);
    }

    /** Runs a shell command on the node and returns its output; fails the test when it fails. */
    String sh(String command) throws IOException, InterruptedException {
        Run run = ssh(command);
        if (run.exit() != 0) {
            throw new AssertionError("'" + command + "' on the storage node failed with " + run.exit() + ": " + run.output());
        }
        return run.output();
    }

    /** The MD5 of the first MiB of a block device on the node, read past its page cache. */
    String md5(String device) throws IOException, InterruptedException {
        return sh("dd if=" + device + " bs=1M count=1 iflag=direct status=none | md5sum").split(" ")[0];
    }

    private void down() throws IOException, InterruptedException {
        Run down = Run.of(script(), "down", directory.toString());
        down.output().lines().filter(line -> line.startsWith("storage-vm")).forEach(System.out::println);
        if (down.exit() != 0) {
            throw new IOException("scripts/storage-vm down failed: " + down.output());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // A node a failed test left frozen would not power off.
        try {
            if (Files.exists(directory.resolve("qemu.pid"))) {
                thaw();
            }
        } finally {
            down();
        }
    }
}
