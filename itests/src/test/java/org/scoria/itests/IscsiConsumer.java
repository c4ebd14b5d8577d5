package org.scoria.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compute host of one project, as Nova and os-brick act: attaches volumes through the
 * attachments API and reaches their data through the returned iSCSI connection info with a
 * user-space initiator on this host ({@code qemu-img} over libiscsi, with CHAP).
 */
final class IscsiConsumer {

    static final int PATTERN_BYTES = 1 << 20;

    private final Http http;
    private final String project;
    private final Path work;

    /** @param work where the patterns written and the data read are kept */
    IscsiConsumer(Http http, String project, Path work) {
        this.http = http;
        this.project = project;
        this.work = work;
    }

    /** Attaches the volume to a new server on the host the initiator names (its last part); the attachment. */
    JsonNode attach(String volumeId, String initiator) throws IOException {
        Http.Reply reply = http.post("/v3/" + project + "/attachments", "{\"attachment\": {\"volume_uuid\": \"" + volumeId
                + "\", \"instance_uuid\": \"" + UUID.randomUUID() + "\", \"connector\": {\"initiator\": \"" + initiator
                + "\", \"host\": \"" + initiator.substring(initiator.lastIndexOf(':') + 1) + "\", \"ip\": \"127.0.0.1\"}}}");
        assertEquals(reply.body(), 200, reply.status());
        return reply.json().path("attachment");
    }

    void detach(String attachmentId) throws IOException {
        Http.Reply reply = http.delete("/v3/" + project + "/attachments/" + attachmentId);
        assertEquals(reply.body(), 200, reply.status());
    }

    /** The {@code iscsi://} URL of libiscsi for connection info, with its CHAP secret or another. */
    static String url(JsonNode info, String password) {
        return "iscsi://" + info.path("auth_username").asText() + "%"
                + (password == null ? info.path("auth_password").asText() : password) + "@"
                + info.path("target_portal").asText() + "/" + info.path("target_iqn").asText() + "/"
                + info.path("target_lun").asInt();
    }

    /** Writes the data at the start of the volume through connection info. */
    void write(JsonNode info, byte[] data, String name) throws IOException, InterruptedException {
        Path file = work.resolve("pattern-" + name);
        Files.write(file, data);
        qemuImg("convert", "-n", "-f", "raw", "-O", "raw", file.toString(), url(info, null));
    }

    /** Reads the first {@link #PATTERN_BYTES} of the volume through connection info. */
    byte[] read(JsonNode info, String name) throws IOException, InterruptedException {
        Path read = work.resolve("read-" + name);
        qemuImg("dd", "-f", "raw", "-O", "raw", "bs=" + PATTERN_BYTES, "count=1", "if=" + url(info, null), "of=" + read);
        return Files.readAllBytes(read);
    }

    /** Logs in with another secret: what libiscsi answers. */
    static Run loginWith(JsonNode info, String password) throws IOException, InterruptedException {
        return Run.of("qemu-img", "info", url(info, password));
    }

    private static void qemuImg(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "qemu-img";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Run run = Run.of(command);
        assertEquals(String.join(" ", command) + ": " + run.output(), 0, run.exit());
    }

    static byte[] pattern(long seed) {
        byte[] data = new byte[PATTERN_BYTES];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String md5(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }
}
