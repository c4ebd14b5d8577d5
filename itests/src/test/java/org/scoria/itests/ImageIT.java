package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.scoria.fault.FaultPoints;

/**
 * Volumes made from images of a real Glance (Debian's glance-api, file store: scripts/glance) with
 * a real Keystone, which the distribution finds in the catalog. The real openstack CLI makes the
 * images and the volumes; each volume's data is compared with its image by qemu-img.
 */
public class ImageIT {

    private static final long MIB = 1 << 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ScriptedServer keystone;
    private static ScriptedServer glance;
    private static Distribution distribution;
    private static KeystoneClouds clouds;
    private static Path raw;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    @BeforeClass
    public static void start() throws Exception {
        keystone = ScriptedServer.up("keystone", "keystone", List.of(), "keystone ");
        try {
            glance = ScriptedServer.up("glance", "glance", List.of(keystone.directory().toString()), "glance ");
        } catch (Exception e) {
            keystone.close();
            throw e;
        }
        clouds = new KeystoneClouds(keystone);
        distribution = Distribution.unpack("images");
        Files.writeString(distribution.etc("org.scoria.rest.cfg"), String.join("\n",
                "auth.strategy=keystone",
                "keystone.auth.url=http://127.0.0.1:5000/v3",
                "keystone.username=scoria",
                "keystone.password=scoria-secret", ""));
        distribution.start();
        Await.until("the REST endpoint asking for a token", 120,
                () -> rest("GET", "/v3/alpha/volumes", null, null).statusCode() == 401);
        // A disk whose data is not all zeros, with a hole: 3 MiB of data, 1 MiB of zeros, 1 MiB of data.
        raw = distribution.home().resolve("image.raw");
        VolumeBytes.writeRandom(raw, 0, 3 * MIB, 11);
        VolumeBytes.writeRandom(raw, 4 * MIB, MIB, 12);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            Distribution.stopAndDelete(distribution, glance);
        } finally {
            keystone.close();
        }
    }

    @Test
    public void aVolumeFromARawOrQcow2ImageHoldsItsDiskAndRecordsTheImage() throws Exception {
        Path qcow2 = raw.resolveSibling("image.qcow2");
        assertEquals(0, Run.of("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString())
                .exit());
        for (Path file : List.of(raw, qcow2)) {
            String format = file.getFileName().toString().endsWith("qcow2") ? "qcow2" : "raw";
            String image = image("disk-" + format, file, format, "--property", "hw_disk_bus=scsi");
            String volume = clouds.openstack("alice", "volume", "create", "--image", image, "--size", "1",
                    "from-" + format, "-f", "value", "-c", "id").trim();
            clouds.awaitVolume("alice", volume, "available");

            JsonNode shown = Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f", "json"));
            assertEquals("true", shown.path("bootable").asText());
            JsonNode recorded = shown.path("volume_image_metadata");
            assertEquals(shown.toString(), image, recorded.path("image_id").asText());
            assertEquals("disk-" + format, recorded.path("image_name").asText());
            assertEquals(format, recorded.path("disk_format").asText());
            assertEquals("bare", recorded.path("container_format").asText());
            assertEquals("scsi", recorded.path("hw_disk_bus").asText());
            assertEquals(Long.toString(Files.size(file)), recorded.path("size").asText());

            Path volumeFile = distribution.nfsShare().resolve("volume-" + volume);
            Run compared = Run.of("qemu-img", "compare", "-f", "raw", "-F", "raw", raw.toString(), volumeFile.toString());
            assertEquals(format + ": " + compared.output(), 0, compared.exit());
            clouds.openstack("alice", "volume", "delete", volume);
        }
    }

    @Test
    public void imagesThatCannotBeUsedAreRefusedAsCinderRefusesThem() throws Exception {
        String image = image("private-to-alpha", raw, "raw", "--min-disk", "2");
        JsonNode bob = clouds.token("bob");
        HttpResponse<String> hidden = create(bob, image, 2, "refused");
        assertEquals(hidden.body(), 400, hidden.statusCode());
        assertTrue(hidden.body(), hidden.body().contains("Invalid image identifier or unable to access requested image."));

        JsonNode alice = clouds.token("alice");
        HttpResponse<String> small = create(alice, image, 1, "refused");
        assertEquals(small.body(), 400, small.statusCode());
        assertTrue(small.body(), small.body().contains(
                "Invalid input received: Volume size 1GB cannot be smaller than the image minDisk size 2GB."));

        clouds.openstack("admin", "image", "set", "--deactivate", image);
        HttpResponse<String> inactive = create(alice, image, 2, "refused");
        assertEquals(inactive.body(), 400, inactive.statusCode());
        assertTrue(inactive.body(), inactive.body().contains("Invalid input received: Image " + image + " is not active."));
        assertEquals("nothing was kept of the refused creates", "", clouds.openstack("alice", "volume", "list", "-f",
                "value", "-c", "ID", "--name", "refused").trim());
    }

    @Test
    public void anImageWhoseDataIsNotInItsDeclaredFormatEndsTheVolumeInError() throws Exception {
        String image = image("claims-qcow2", raw, "qcow2");
        String volume = clouds.openstack("alice", "volume", "create", "--image", image, "--size", "1", "mislabelled",
                "-f", "value", "-c", "id").trim();
        clouds.awaitVolume("alice", volume, "error");
        assertTrue(Files.readAllLines(distribution.karafLog()).stream().anyMatch(line -> line.contains(volume)
                && line.contains("The image format was claimed to be 'qcow2' but the image data appears to be in a"
                        + " different format.")));
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /**
     * A crash after the image was downloaded and checked, before the driver wrote it: the
     * create is redelivered at the restart, downloads the image again and ends available with
     * the image's data.
     */
    @Test
    public void aCrashWhileDownloadingIsRedeliveredAndCompletes() throws Exception {
        String image = image("crash-test", raw, "raw");
        distribution.stop();
        distribution.start(Map.of(FaultPoints.HALT_AT, "manager.create_volume.image-staged"));
        try {
            Await.until("the REST endpoint", 120, () -> rest("GET", "/v3/alpha/volumes", null, null).statusCode() == 401);
            JsonNode alice = clouds.token("alice");
            try {
                create(alice, image, 1, "crashed");
            } catch (IOException answerLostInTheCrash) {
                // The halt may come before the 202 is sent: the volume is found by its name below.
            }
            assertEquals("the halt at the fault point", FaultPoints.HALT_STATUS, distribution.awaitExit(120));
        } catch (Exception | AssertionError e) {
            distribution.stop();
            distribution.start();
            throw e;
        }
        distribution.start();
        Await.until("the REST endpoint", 120, () -> rest("GET", "/v3/alpha/volumes", null, null).statusCode() == 401);
        String volume = clouds.openstack("alice", "volume", "list", "--name", "crashed", "-f", "value", "-c", "ID").trim();
        clouds.awaitVolume("alice", volume, "available");
        Run compared = Run.of("qemu-img", "compare", "-f", "raw", "-F", "raw", raw.toString(),
                distribution.nfsShare().resolve("volume-" + volume).toString());
        assertEquals(compared.output(), 0, compared.exit());
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /** A private image of project alpha, made by alice with the openstack CLI. */
    private static String image(String name, Path file, String format, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("image", "create", "--file", file.toString(),
                "--disk-format", format, "--container-format", "bare", "--private"));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of(name, "-f", "value", "-c", "id"));
        return clouds.openstack("alice", arguments.toArray(new String[0])).trim();
    }

    /** A create from the image as the token's user, sent as is (the CLI would look the image up itself first). */
    private static HttpResponse<String> create(JsonNode token, String image, int sizeGb, String name) throws Exception {
        return rest("POST", "/v3/" + token.path("project_id").asText() + "/volumes", token.path("id").asText(),
                "{\"volume\": {\"name\": \"" + name + "\", \"size\": " + sizeGb + ", \"imageRef\": \"" + image
                        + "\"}}");
    }

    private static HttpResponse<String> rest(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ScoriaTestSupport.ENDPOINT + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
