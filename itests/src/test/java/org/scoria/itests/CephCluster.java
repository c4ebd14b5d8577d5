package org.scoria.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real single-node Ceph cluster on 127.0.0.1 ({@code scripts/ceph-cluster}), in a directory
 * of its own under the build directory, stopped (its daemons, by PID) and removed by
 * {@link #close()}. The tests look at what the driver did through the {@code rbd} CLI.
 */
final class CephCluster implements AutoCloseable {

    private final ScriptedServer server;

    private CephCluster(ScriptedServer server) {
        this.server = server;
    }

    static CephCluster start(String name) throws IOException, InterruptedException {
        // The script's own line: the version and how long the cluster took to be clean.
        return new CephCluster(ScriptedServer.up("ceph-cluster", "ceph-" + name, List.of(), "ceph "));
    }

    Path directory() {
        return server.directory();
    }

    Path conf() {
        return server.directory().resolve("ceph.conf");
    }

    /** The keyring of {@code client.scoria}, which has rbd caps on pool {@code volumes} only. */
    Path scoriaKeyring() {
        return server.directory().resolve("ceph.client.scoria.keyring");
    }

    /** Runs the {@code rbd} CLI as client.admin; fails the test when it fails. */
    String rbd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rbd", "-c", conf().toString()));
        command.addAll(List.of(arguments));
        Run run = Run.of(command.toArray(new String[0]));
        if (run.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + run.exit() + ": " + run.output());
        }
        return run.output();
    }

    /** {@code rbd info --format json} of an image in pool {@code volumes}. */
    JsonNode info(String image) throws IOException, InterruptedException {
        return Http.JSON.readTree(rbd("info", "--format", "json", "volumes/" + image));
    }

    /** The names of the image's snapshots, with whether each is protected. */
    JsonNode snapshots(String image) throws IOException, InterruptedException {
        return Http.JSON.readTree(rbd("snap", "ls", "--format", "json", "volumes/" + image));
    }

    /** The images in pool {@code volumes}. */
    List<String> images() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        Http.JSON.readTree(rbd("ls", "--format", "json", "volumes")).forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The image as {@code qemu-img} names it through librbd ({@code rbd:} protocol), as client.admin. */
    String qemuTarget(String image) {
        return "rbd:volumes/" + image + ":conf=" + conf() + ":id=admin";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
    }
}
