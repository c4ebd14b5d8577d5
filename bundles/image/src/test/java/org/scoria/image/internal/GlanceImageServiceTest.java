package org.scoria.image.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.image.Image;
import org.scoria.image.ImageData;
import org.scoria.image.ImageServiceException;
import org.scoria.keystone.internal.KeystoneServiceSession;
import org.scoria.persistence.testing.ComponentConfigs;

/**
 * The Glance client against a real Glance (Debian's glance-api, file store) and Keystone, both
 * started for this class by the project's scripts (scripts/keystone, scripts/glance) and stopped after it.
 */
public class GlanceImageServiceTest {

    private static final String KEYSTONE = "http://127.0.0.1:5000";
    private static final String GLANCE = "http://127.0.0.1:9292";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = new byte[3 << 20];

    private static Path keystoneDirectory;
    private static Path glanceDirectory;
    private static String alice;
    private static String bob;
    private static String imageId;

    @BeforeClass
    public static void startGlance() throws Exception {
        Path work = Path.of("target", "glance-test-" + System.nanoTime()).toAbsolutePath();
        keystoneDirectory = work.resolve("keystone");
        glanceDirectory = work.resolve("glance");
        script("keystone", "up", keystoneDirectory.toString());
        try {
            script("glance", "up", glanceDirectory.toString(), keystoneDirectory.toString());
        } catch (IOException e) {
            script("keystone", "down", keystoneDirectory.toString());
            throw e;
        }
        alice = token("alice", "alpha");
        bob = token("bob", "beta");
        new Random(7).nextBytes(DATA);
        imageId = upload(alice, DATA);
    }

    @AfterClass
    public static void stopGlance() throws Exception {
        try {
            script("glance", "down", glanceDirectory.toString());
        } finally {
            script("keystone", "down", keystoneDirectory.toString());
        }
    }

    @Test
    public void anImageIsFoundWithTheCallersRights() throws Exception {
        GlanceImageService glance = service(Map.of("glance_url", GLANCE), false);
        Image image = glance.find(imageId, alice).orElseThrow();
        assertEquals("active", image.status());
        assertEquals(Long.valueOf(DATA.length), image.sizeBytes());
        assertEquals("sha512", image.hashAlgorithm());
        assertEquals("raw", image.diskFormat());
        assertEquals(Map.of("hw_disk_bus", "scsi"), image.properties());
        assertEquals("another project's private image", Optional.empty(), glance.find(imageId, bob));
        assertEquals(Optional.empty(), glance.find("00000000-0000-0000-0000-000000000000", alice));
    }

    @Test
    public void theImageServiceIsFoundInKeystonesCatalogAndItsDataIsReadAndChecked() throws Exception {
        GlanceImageService glance = service(Map.of(), true);
        try (ImageData data = glance.open(imageId, alice)) {
            assertEquals(DATA.length, data.sizeBytes());
            assertArrayEquals(DATA, data.stream().readAllBytes());
        }
        ImageServiceException refused = assertThrows(ImageServiceException.class, () -> glance.open(imageId, bob));
        assertEquals("Image " + imageId + " could not be found.", refused.getMessage());
    }

    @Test
    public void dataCorruptedInTheStoreFailsItsRead() throws Exception {
        String corrupted = upload(alice, DATA);
        // Glance's file store keeps each image as a file named by its id: one bit flipped there.
        try (FileChannel file = FileChannel.open(glanceDirectory.resolve("images").resolve(corrupted),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {(byte) (DATA[1000] ^ 1)}), 1000);
        }
        try (ImageData data = service(Map.of("glance_url", GLANCE), false).open(corrupted, alice);
                InputStream stream = data.stream()) {
            IOException failure = assertThrows(IOException.class, stream::readAllBytes);
            assertTrue(failure.getMessage(), failure.getMessage().contains("does not match its hash"));
        }
    }

    @Test
    public void aGlanceThatDoesNotAnswerIsUnavailableAfterTheConfiguredAttempts() {
        long began = System.nanoTime();
        ImageServiceException down = assertThrows(ImageServiceException.class,
                () -> service(Map.of("glance_url", "http://127.0.0.1:9", "attempts", 2), false).find(imageId, alice));
        assertTrue(down.getMessage(), down.getMessage().startsWith("The image service is not available"));
        assertTrue("a second between the attempts", System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(900));
    }

    private static GlanceImageService service(Map<String, Object> settings, boolean keystone) {
        KeystoneServiceSession session = new KeystoneServiceSession(ComponentConfigs.of(
                KeystoneServiceSession.Config.class, keystone ? Map.of("auth_strategy", "keystone",
                        "keystone_auth_url", KEYSTONE + "/v3", "keystone_password", "scoria-secret") : Map.of()));
        return new GlanceImageService(session, ComponentConfigs.of(GlanceImageService.Config.class, settings));
    }

    /** A private raw image of the token's project with {@code data}, as the openstack CLI makes one. */
    private static String upload(String token, byte[] data) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(GLANCE + "/v2/images"))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"test-image\", \"disk_format\": \"raw\","
                        + " \"container_format\": \"bare\", \"visibility\": \"private\", \"hw_disk_bus\": \"scsi\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(created.body(), 201, created.statusCode());
        String id = JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(URI.create(GLANCE + "/v2/images/" + id + "/file"))
                .header("X-Auth-Token", token).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(stored.body(), 204, stored.statusCode());
        return id;
    }

    /** A token of one of the users scripts/keystone provisions. */
    private static String token(String user, String project) throws Exception {
        String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \""
                + user + "\", \"domain\": {\"name\": \"Default\"}, \"password\": \"" + user + "-secret\"}}},"
                + " \"scope\": {\"project\": {\"name\": \"" + project + "\", \"domain\": {\"name\": \"Default\"}}}}}";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(KEYSTONE + "/v3/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 201, answer.statusCode());
        return answer.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private static void script(String name, String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = Path.of(System.getProperty("scoria.scripts", "../../scripts"), name).toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
