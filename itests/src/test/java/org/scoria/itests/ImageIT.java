package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.scoria.fault.FaultPoints;

/**
 * Volumes made from images of a real Glance (Debian's glance-api: scripts/glance, with a file store
 * and an RBD store) with a real Keystone, which the distribution finds in the catalog. Volumes are
 * on the NFS backend, or on an RBD backend in the same real Ceph cluster as Glance's RBD store.
 * The real openstack CLI makes the images and the volumes; each volume's data is compared with
 * its image by qemu-img.
 */
public class ImageIT {

    private static final long MIB = 1 << 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CephCluster ceph;
    private static ScriptedServer keystone;
    private static ScriptedServer glance;
    private static Distribution distribution;
    private static KeystoneClouds clouds;
    private static Path raw;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    @BeforeClass
    public static void start() throws Exception {
        ceph = CephCluster.start("images");
        try {
            keystone = ScriptedServer.up("keystone", "keystone", List.of(), "keystone ");
            glance = ScriptedServer.up("glance", "glance", List.of(keystone.directory().toString(),
                    ceph.directory().toString()), "glance ");
        } catch (Exception e) {
            stop();
            throw e;
        }
        clouds = new KeystoneClouds(keystone);
        distribution = Distribution.unpack("images");
        Files.writeString(distribution.etc("org.scoria.rest.cfg"), String.join("\n",
                "auth.strategy=keystone",
                "keystone.auth.url=http://127.0.0.1:5000/v3",
                "keystone.username=scoria",
                "keystone.password=scoria-secret", ""));
        // An RBD backend beside the NFS one, as client.scoria, which reads Glance's pool.
        Files.writeString(distribution.etc("org.scoria.driver.rbd-ceph.cfg"), String.join("\n",
                "scoria.backend.name=ceph",
                "rbd.pool=volumes",
                "rbd.ceph.conf=" + ceph.conf(),
                "rbd.user=scoria",
                "rbd.keyring.conf=" + ceph.scoriaKeyring(), ""));
        // Short, for the stalled download's test; the volume manager's other settings keep their defaults.
        Files.writeString(distribution.etc("org.scoria.volume.cfg"), "image.download.stall.timeout.seconds=5\n");
        // Cinder's enable_force_upload, off by default (DefaultVolumeServiceTest): an in-use volume's upload.
        Files.writeString(distribution.etc("org.scoria.volume.api.cfg"), "enable.force.upload=true\n");
        distribution.start();
        Await.until("the REST endpoint asking for a token", 120,
                () -> rest("GET", "/v3/alpha/volumes", null, null).statusCode() == 401);
        distribution.shell("feature:install scoria-driver-rbd");
        // Volumes without a type stay on NFS; type ceph goes to the RBD backend.
        clouds.openstack("admin", "volume", "type", "set", "--property", "volume_backend_name=nfs-default",
                "__DEFAULT__");
        clouds.openstack("admin", "volume", "type", "create", "--public", "--property", "volume_backend_name=ceph",
                "ceph");
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
            try {
                if (keystone != null) {
                    keystone.close();
                }
            } finally {
                ceph.close();
            }
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

            NfsDisk disk = nfsDisk(volume);
            assertSameDisk(format, raw, disk.file().toString(), disk.format());
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
        image("twin", raw, "raw");
        image("twin", raw, "raw");
        HttpResponse<String> ambiguous = create(alice, "twin", 1, "refused");
        assertEquals(ambiguous.body(), 409, ambiguous.statusCode());
        assertTrue(ambiguous.body(), ambiguous.body().contains("Multiple matches found for 'twin', use an ID to be more"
                + " specific."));
        String untyped = image("names-no-type", raw, "raw", "--property", "cinder_img_volume_type=no-such-type");
        HttpResponse<String> noType = create(alice, untyped, 1, "refused");
        assertEquals(noType.body(), 404, noType.statusCode());
        assertTrue(noType.body(), noType.body().contains("Volume type with name no-such-type could not be found."));
        assertEquals("nothing was kept of the refused creates", "", clouds.openstack("alice", "volume", "list", "-f",
                "value", "-c", "ID", "--name", "refused").trim());

        // As Cinder: a reference that is no image's id is the name of one.
        String named = image("by-name-only", raw, "raw");
        HttpResponse<String> byName = create(alice, "by-name-only", 1, "by-name");
        assertEquals(byName.body(), 202, byName.statusCode());
        String volume = Http.JSON.readTree(byName.body()).path("volume").path("id").asText();
        clouds.awaitVolume("alice", volume, "available");
        assertEquals(named, Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f", "json"))
                .path("volume_image_metadata").path("image_id").asText());
        clouds.openstack("alice", "volume", "delete", volume);
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
        JsonNode alice = clouds.token("alice");
        HttpResponse<String> messages = rest("GET", "/v3/" + alice.path("project_id").asText() + "/messages?resource_uuid="
                + volume, alice.path("id").asText(), "OpenStack-API-Version", "volume 3.3", null);
        JsonNode message = Http.JSON.readTree(messages.body()).path("messages").path(0);
        assertEquals(messages.body(), "VOLUME_VOLUME_005_001", message.path("event_id").asText());
        assertEquals("copy image to volume:An unknown error occurred.", message.path("user_message").asText());
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /**
     * Glance stalls mid-download: its file store reads the image from a FIFO whose writer sends
     * 1 MiB and then nothing, keeping it open. Once nothing came for the time limit (5 s here) the
     * download is given up and the volume ends in error with its owner told.
     */
    @Test
    public void aDownloadThatStallsIsGivenUpAndTheVolumeEndsInError() throws Exception {
        String image = image("stalls", raw, "raw");
        Path stored = glance.directory().resolve("images").resolve(image);
        Files.delete(stored);
        assertEquals(0, Run.of("mkfifo", stored.toString()).exit());
        Process writer = new ProcessBuilder("sh", "-c", "exec 3>\"$0\"; head -c 1048576 /dev/urandom >&3; exec sleep 300",
                stored.toString()).start();
        try {
            long began = System.nanoTime();
            String volume = clouds.openstack("alice", "volume", "create", "--image", image, "--size", "1", "stalled",
                    "-f", "value", "-c", "id").trim();
            clouds.awaitVolume("alice", volume, "error");
            long seconds = (System.nanoTime() - began) / 1_000_000_000;
            assertTrue("in error after " + seconds + " s", seconds >= 5);
            assertTrue(Files.readAllLines(distribution.karafLog()).stream().anyMatch(line -> line.contains(volume)
                    && line.contains("Glance sent nothing of image " + image + " for 5 s")));
            JsonNode alice = clouds.token("alice");
            HttpResponse<String> messages = rest("GET", "/v3/" + alice.path("project_id").asText()
                    + "/messages?resource_uuid=" + volume, alice.path("id").asText(), "OpenStack-API-Version",
                    "volume 3.3", null);
            assertEquals(messages.body(), "VOLUME_VOLUME_005_001", Http.JSON.readTree(messages.body()).path("messages")
                    .path(0).path("event_id").asText());
            clouds.openstack("alice", "volume", "delete", volume);
        } finally {
            // Glance's worker is blocked reading the FIFO until its writer goes.
            writer.destroy();
            writer.waitFor();
        }
        clouds.openstack("alice", "image", "delete", image);
    }

    /**
     * A crash at each step of an image's way, one restart after the other: after a create's image
     * was downloaded and checked, before the driver wrote it; after an RBD volume was cloned from
     * its image, before it was available; after an upload's data was staged, before it went to
     * Glance; after a reimage's image was staged (from error). Each request is redelivered at the
     * next start and completes: the volumes hold their images' data, the image the volume's, and
     * the reimaged volume is back in error, recording the new image, as Cinder leaves it.
     */
    @Test
    public void aCrashAtEachImageStepIsRedeliveredAndCompletes() throws Exception {
        awaitCephBackend();
        String downloaded = image("crash-test", raw, "raw");
        String inCeph = glanceImage("clone-crash-source", raw, "raw", "ceph");
        String uploaded = volumeFrom(image("upload-crash-source", raw, "raw"), "upload-crash");
        String reimaged = volumeFrom(image("reimage-crash-before", raw, "raw"), "reimage-crash");
        clouds.openstack("admin", "volume", "set", "--state", "error", reimaged);
        String reimage = image("reimage-crash-after", raw, "raw", "--property", "after=yes");
        String cachedOnce = image("cache-crash-test", raw, "raw");
        // A redelivered create passes no point that follows it: it starts over, and skips what is done (the
        // filled cache entry, the clone) or reaches the points before.
        crashAt(List.of(new Crash("manager.create_volume.cache-filled", alice -> create(alice, cachedOnce, 1, "cache-crash")),
                new Crash("manager.create_volume.image-staged", alice -> create(alice, downloaded, 1, "crashed")),
                new Crash("manager.create_volume.image-cloned", alice -> {
                    awaitCephBackend();
                    rest("POST", "/v3/" + alice.path("project_id").asText() + "/volumes", alice.path("id").asText(),
                            "{\"volume\": {\"name\": \"clone-crash\", \"size\": 1, \"volume_type\": \"ceph\","
                                    + " \"imageRef\": \"" + inCeph + "\"}}");
                }),
                new Crash("manager.copy_volume_to_image.staged", alice -> rest("POST", "/v3/"
                        + alice.path("project_id").asText() + "/volumes/" + uploaded + "/action", alice.path("id").asText(),
                        "{\"os-volume_upload_image\": {\"image_name\": \"after-crash\", \"disk_format\": \"qcow2\"}}")),
                new Crash("manager.reimage_volume.image-staged", alice -> rest("POST", "/v3/"
                        + alice.path("project_id").asText() + "/volumes/" + reimaged + "/action", alice.path("id").asText(),
                        "OpenStack-API-Version", "volume 3.68", "{\"os-reimage\": {\"image_id\": \"" + reimage + "\"}}"))));

        String created = clouds.openstack("alice", "volume", "list", "--name", "crashed", "-f", "value", "-c", "ID").trim();
        clouds.awaitVolume("alice", created, "available");
        NfsDisk createdDisk = nfsDisk(created);
        assertSameDisk("the download", raw, createdDisk.file().toString(), createdDisk.format());
        String fromCache = clouds.openstack("alice", "volume", "list", "--name", "cache-crash", "-f", "value", "-c", "ID")
                .trim();
        clouds.awaitVolume("alice", fromCache, "available");
        NfsDisk fromCacheDisk = nfsDisk(fromCache);
        assertEquals("cloned from the entry filled before the crash", "qcow2", fromCacheDisk.format());
        assertSameDisk("the clone of the cache entry", raw, fromCacheDisk.file().toString(), "qcow2");

        String cloned = clouds.openstack("alice", "volume", "list", "--name", "clone-crash", "-f", "value", "-c", "ID")
                .trim();
        clouds.awaitVolume("alice", cloned, "available");
        assertEquals(inCeph, ceph.info("volume-" + cloned).path("parent").path("image").asText());
        assertSameDisk("the clone", raw, ceph.qemuTarget("volume-" + cloned), "raw");

        clouds.awaitVolume("alice", uploaded, "available");
        String image = clouds.openstack("alice", "image", "list", "--name", "after-crash", "-f", "value", "-c", "ID")
                .trim();
        assertUploadedImageHoldsTheData(image, "qcow2");

        // As Cinder: a volume reimaged from error returns to error, recording the new image.
        Await.until("the reimage done", 120, () -> Http.JSON.readTree(clouds.openstack("alice", "volume", "show",
                reimaged, "-f", "json")).path("volume_image_metadata").path("image_id").asText().equals(reimage));
        assertEquals("error", clouds.openstack("alice", "volume", "show", reimaged, "-f", "value", "-c", "status").trim());

        clouds.openstack("alice", "image", "delete", image);
        for (String volume : List.of(created, fromCache, cloned, uploaded, reimaged)) {
            clouds.openstack("alice", "volume", "delete", volume);
        }
    }

    /**
     * The real {@code openstack image create --volume}: the volume's data goes to a new image in
     * the format asked for (qcow2: a conversion), with the properties of the image the volume was made from; the
     * volume is available again.
     */
    @Test
    public void aVolumeUploadedToAnImageHoldsItsDataInTheFormatAsked() throws Exception {
        String source = image("upload-source", raw, "raw", "--property", "os_distro=debian");
        String volume = volumeFrom(source, "to-upload");
        // qcow2 here; tempest's test_volume_upload uploads raw and qcow2 through the same path.
        for (String format : List.of("qcow2")) {
            JsonNode asked = Http.JSON.readTree(clouds.openstack("alice", "image", "create", "--volume", volume,
                    "--disk-format", format, "uploaded-" + format, "-f", "json"));
            String image = asked.path("image_id").asText();
            assertEquals(asked.toString(), "uploaded-" + format, asked.path("image_name").asText());
            clouds.awaitVolume("alice", volume, "available");
            assertUploadedImageHoldsTheData(image, format);
            JsonNode shown = Http.JSON.readTree(clouds.openstack("alice", "image", "show", image, "-f", "json"));
            assertEquals(format, shown.path("disk_format").asText());
            assertEquals(shown.toString(), "debian", shown.path("properties").path("os_distro").asText());
            clouds.openstack("alice", "image", "delete", image);
        }
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /** Uploads Cinder refuses: a volume that is not available, a public image asked by a member. */
    /**
     * {@code openstack image create --volume --force} of an in-use volume, with enable.force.upload on:
     * the backend uploads a copy it makes of the volume, deletes the copy, and the volume is in-use again.
     */
    @Test
    public void anInUseVolumeIsUploadedWithForceFromACopyOfIt() throws Exception {
        JsonNode alice = clouds.token("alice");
        String volume = volumeFrom(image("in-use-source", raw, "raw"), "in-use-upload");
        String action = "/v3/" + alice.path("project_id").asText() + "/volumes/" + volume + "/action";
        String connector = "{\"connector\": {\"host\": \"compute-1\", \"initiator\": \"iqn.1993-08.org.debian:01:c1\"}}";
        HttpResponse<String> initialized = rest("POST", action, alice.path("id").asText(),
                "{\"os-initialize_connection\": " + connector + "}");
        assertEquals(initialized.body(), 200, initialized.statusCode());
        HttpResponse<String> attached = rest("POST", action, alice.path("id").asText(), "{\"os-attach\": {\"instance_uuid\": \""
                + UUID.randomUUID() + "\", \"mountpoint\": \"/dev/vdb\", \"mode\": \"rw\"}}");
        assertEquals(attached.body(), 202, attached.statusCode());
        clouds.awaitVolume("alice", volume, "in-use");

        // The CLI (6.0) warns that --force "is not supported" from a volume, and sends force: true all the same.
        String printed = clouds.openstack("alice", "image", "create", "--volume", volume, "--force", "--disk-format", "raw",
                "from-in-use", "-f", "json");
        JsonNode asked = Http.JSON.readTree(printed.substring(printed.indexOf('{')));
        String image = asked.path("image_id").asText();
        Await.until("the upload done", 120, () -> clouds.openstack("alice", "volume", "show", volume, "-f", "value", "-c",
                "status").trim().equals("in-use"));
        assertUploadedImageHoldsTheData(image, "raw");
        assertTrue("the copy is deleted", Files.notExists(distribution.nfsShare().resolve("volume-" + image)));
        assertEquals("still attached", 1, Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f",
                "json")).path("attachments").size());

        JsonNode admin = clouds.token("admin");
        HttpResponse<String> detached = rest("POST", "/v3/" + admin.path("project_id").asText() + "/volumes/" + volume
                + "/action", admin.path("id").asText(), "{\"os-force_detach\": " + connector + "}");
        assertEquals(detached.body(), 202, detached.statusCode());
        clouds.awaitVolume("alice", volume, "available");
        clouds.openstack("alice", "image", "delete", image);
        clouds.openstack("alice", "volume", "delete", volume);
    }

    @Test
    public void uploadsThatCannotBeDoneAreRefusedAndRegisterNoImage() throws Exception {
        JsonNode alice = clouds.token("alice");
        String volume = volumeFrom(image("upload-refusals", raw, "raw"), "not-uploaded");
        String action = "/v3/" + alice.path("project_id").asText() + "/volumes/" + volume + "/action";
        HttpResponse<String> wrongVersion = rest("POST", action, alice.path("id").asText(),
                "{\"os-volume_upload_image\": {\"image_name\": \"v30\", \"visibility\": \"private\"}}");
        assertEquals(wrongVersion.body(), 400, wrongVersion.statusCode());
        HttpResponse<String> asPublic = rest("POST", action, alice.path("id").asText(), "OpenStack-API-Version",
                "volume 3.1", "{\"os-volume_upload_image\": {\"image_name\": \"pub\", \"visibility\": \"public\"}}");
        assertEquals(asPublic.body(), 403, asPublic.statusCode());

        clouds.openstack("admin", "volume", "set", "--state", "error", volume);
        HttpResponse<String> inError = rest("POST", action, alice.path("id").asText(),
                "{\"os-volume_upload_image\": {\"image_name\": \"err\", \"disk_format\": \"qcow2\"}}");
        assertEquals(inError.body(), 400, inError.statusCode());
        assertTrue(inError.body(), inError.body().contains("Invalid volume: Volume " + volume
                + " status must be available"));
        assertEquals("no image was registered", "", clouds.openstack("alice", "image", "list", "--name", "err",
                "-f", "value", "-c", "ID").trim());
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /** Cinder's image metadata actions, through the real CLI and as sent, with its refusals. */
    @Test
    public void imageMetadataIsSetShownAndUnsetAsCinderDoesIt() throws Exception {
        JsonNode alice = clouds.token("alice");
        String image = image("metadata-source", raw, "raw");
        String volume = volumeFrom(image, "with-image-metadata");
        clouds.openstack("alice", "volume", "set", "--image-property", "kernel_id=k-1", "--image-property",
                "ramdisk_id=r-1", volume);
        clouds.openstack("alice", "volume", "unset", "--image-property", "ramdisk_id", volume);
        String action = "/v3/" + alice.path("project_id").asText() + "/volumes/" + volume + "/action";
        HttpResponse<String> shown = rest("POST", action, alice.path("id").asText(), "{\"os-show_image_metadata\": {}}");
        assertEquals(shown.body(), 200, shown.statusCode());
        JsonNode metadata = Http.JSON.readTree(shown.body()).path("metadata");
        assertEquals(image, metadata.path("image_id").asText());
        assertEquals("k-1", metadata.path("kernel_id").asText());
        assertTrue(metadata.toString(), metadata.path("ramdisk_id").isMissingNode());

        HttpResponse<String> missing = rest("POST", action, alice.path("id").asText(),
                "{\"os-unset_image_metadata\": {\"key\": \"ramdisk_id\"}}");
        assertEquals(missing.body(), 404, missing.statusCode());
        assertTrue(missing.body(), missing.body().contains("Glance metadata for volume/snapshot " + volume
                + " cannot be found."));
        HttpResponse<String> badKey = rest("POST", action, alice.path("id").asText(),
                "{\"os-set_image_metadata\": {\"metadata\": {\"no*stars\": \"x\"}}}");
        assertEquals(badKey.body(), 400, badKey.statusCode());

        // Cinder's glance_metadata list filter (3.4): an administrator's; a member's is refused from 3.33.
        JsonNode admin = clouds.token("admin");
        String filter = "?all_tenants=1&glance_metadata="
                + URLEncoder.encode("{'kernel_id': 'k-1'}", StandardCharsets.UTF_8);
        HttpResponse<String> found = rest("GET", "/v3/" + admin.path("project_id").asText() + "/volumes" + filter,
                admin.path("id").asText(), "OpenStack-API-Version", "volume 3.4", null);
        assertEquals(found.body(), 200, found.statusCode());
        JsonNode listed = Http.JSON.readTree(found.body()).path("volumes");
        assertEquals(listed.toString(), 1, listed.size());
        assertEquals(volume, listed.get(0).path("id").asText());
        HttpResponse<String> asMember = rest("GET", "/v3/" + alice.path("project_id").asText() + "/volumes" + filter,
                alice.path("id").asText(), "OpenStack-API-Version", "volume 3.33", null);
        assertEquals(asMember.body(), 400, asMember.statusCode());

        clouds.openstack("admin", "volume", "set", "--state", "maintenance", volume);
        HttpResponse<String> frozen = rest("POST", action, alice.path("id").asText(),
                "{\"os-set_image_metadata\": {\"metadata\": {\"kernel_id\": \"k-2\"}}}");
        assertEquals(frozen.body(), 400, frozen.statusCode());
        assertTrue(frozen.body(), frozen.body().contains(
                "Invalid volume: Updating volume metadata is not allowed for volumes in maintenance status."));
        clouds.openstack("admin", "volume", "set", "--state", "available", volume);
        assertEquals("k-1", Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f", "json"))
                .path("volume_image_metadata").path("kernel_id").asText());
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /**
     * Cinder's os-reimage (3.68), as Nova's rebuild of a volume-backed server sends it: the new
     * image's data replaces the old where it lies, its zeros included; the volume is available
     * again, bootable, and records the new image. Before 3.68 there is no such action; a volume
     * in another status, or an image the caller cannot see, is refused and nothing changes.
     */
    @Test
    public void aReimageWritesTheNewImageOverTheVolume() throws Exception {
        JsonNode alice = clouds.token("alice");
        String volume = volumeFrom(image("reimage-before", raw, "raw"), "reimaged");
        // Data where the first image has a hole, and a hole where it has data.
        Path next = distribution.home().resolve("next.raw");
        VolumeBytes.writeRandom(next, 0, 2 * MIB, 21);
        VolumeBytes.writeRandom(next, 3 * MIB, MIB, 22);
        String image = image("reimage-after", next, "raw", "--property", "os_distro=next");
        String action = "/v3/" + alice.path("project_id").asText() + "/volumes/" + volume + "/action";
        String body = "{\"os-reimage\": {\"image_id\": \"" + image + "\"}}";

        HttpResponse<String> tooEarly = rest("POST", action, alice.path("id").asText(), "OpenStack-API-Version",
                "volume 3.67", body);
        assertEquals(tooEarly.body(), 404, tooEarly.statusCode());
        HttpResponse<String> unknown = rest("POST", action, alice.path("id").asText(), "OpenStack-API-Version",
                "volume 3.68", "{\"os-reimage\": {\"image_id\": \"" + UUID.randomUUID() + "\"}}");
        assertEquals(unknown.body(), 404, unknown.statusCode());
        clouds.openstack("admin", "volume", "set", "--state", "maintenance", volume);
        HttpResponse<String> wrongStatus = rest("POST", action, alice.path("id").asText(), "OpenStack-API-Version",
                "volume 3.68", body);
        assertEquals(wrongStatus.body(), 400, wrongStatus.statusCode());
        assertTrue(wrongStatus.body(), wrongStatus.body().contains("Invalid volume: Volume " + volume
                + " status must be available or error, but current status is maintenance."));
        clouds.openstack("admin", "volume", "set", "--state", "available", volume);

        HttpResponse<String> reimaged = rest("POST", action, alice.path("id").asText(), "OpenStack-API-Version",
                "volume 3.68", body);
        assertEquals(reimaged.body(), 202, reimaged.statusCode());
        Await.until("the reimage done", 120, () -> {
            JsonNode shown = Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f", "json"));
            return shown.path("status").asText().equals("available")
                    && shown.path("volume_image_metadata").path("image_id").asText().equals(image);
        });
        JsonNode shown = Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f", "json"));
        assertEquals("next", shown.path("volume_image_metadata").path("os_distro").asText());
        assertEquals("true", shown.path("bootable").asText());
        byte[] expected = Files.readAllBytes(next);
        byte[] written = new byte[expected.length];
        Path read = nfsDisk(volume).readAsRaw();
        try (InputStream data = Files.newInputStream(read)) {
            assertEquals(expected.length, data.readNBytes(written, 0, written.length));
        } finally {
            Files.delete(read);
        }
        assertTrue("the volume starts with the new image's data, its hole included",
                Arrays.equals(expected, written));
        clouds.openstack("alice", "volume", "delete", volume);
    }

    /**
     * The image-volume cache of the NFS backend: the first volume from an image fills the backend's
     * entry (a volume of Scoria's own, in no project, listed by {@code scoria:image-cache-list}); the
     * next ones are qcow2 overlays of it, made without a download, each holding the image and written
     * on its own. Deleted while volumes use it, the entry's file stays until the last of them goes.
     */
    @Test
    public void theNextVolumesFromAnImageAreMadeFromTheBackendsCacheEntry() throws Exception {
        String image = image("cached", raw, "raw");
        String first = volumeFrom(image, "cache-first");
        String listed = distribution.shell("scoria:image-cache-list --no-format");
        String entry = listed.lines().filter(line -> line.contains(image)).map(line -> line.trim().split("\\s+")[2])
                .findFirst().orElseThrow(() -> new AssertionError("no cache entry of " + image + ": " + listed));
        assertTrue(listed, listed.contains("ready"));
        Path entryFile = distribution.nfsShare().resolve("volume-" + entry);
        assertSameDisk("the entry", raw, entryFile.toString(), "raw");
        assertEquals("the entry is no project's volume", 404, rest("GET", "/v3/" + clouds.token("admin")
                .path("project_id").asText() + "/volumes/" + entry, clouds.token("admin").path("id").asText(), null)
                .statusCode());

        // Glance is asked what the image is, not for its data: the next create sends no download.
        String second = volumeFrom(image, "cache-second");
        NfsDisk secondDisk = nfsDisk(second);
        assertEquals("qcow2", secondDisk.format());
        assertSameDisk("the second volume", raw, secondDisk.file().toString(), "qcow2");
        JsonNode recorded = Http.JSON.readTree(clouds.openstack("alice", "volume", "show", second, "-f", "json"));
        assertEquals(image, recorded.path("volume_image_metadata").path("image_id").asText());
        assertEquals("true", recorded.path("bootable").asText());
        String log = Files.readString(distribution.karafLog());
        assertTrue("cloned from the entry", log.contains("Volume " + second + " made from image " + image + " by backend")
                && log.contains("from its image-volume cache entry " + entry));
        assertEquals("downloaded once, for the first volume", 1, log.lines()
                .filter(line -> line.contains("Image " + image + " downloaded")).count());

        // A write to one volume shows in neither the entry nor the other volume.
        Run written = Run.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1M", secondDisk.file().toString());
        assertEquals(written.output(), 0, written.exit());
        assertSameDisk("the entry, after a write to a volume of it", raw, entryFile.toString(), "raw");
        NfsDisk firstDisk = nfsDisk(first);
        assertSameDisk("the first volume", raw, firstDisk.file().toString(), firstDisk.format());

        clouds.openstack("alice", "volume", "delete", first);
        clouds.openstack("alice", "volume", "delete", second);
        Await.until("both volumes gone", 60, () -> !clouds.openstack("alice", "volume", "list", "-f", "value", "-c",
                "ID").contains(second));
        assertTrue("the cache keeps the image for the next volume", Files.exists(entryFile));
        clouds.openstack("alice", "image", "delete", image);
    }

    /**
     * Volumes of type ceph (the RBD backend): a raw image in Glance's RBD store of the same cluster
     * becomes the volume's copy-on-write parent, nothing copied; a qcow2 image there and an image
     * of the file store are converted onto the volume through librbd. Then the RBD volumes are
     * uploaded and reimaged as the NFS ones are; once they are deleted, Glance deletes the image they
     * were cloned from.
     */
    @Test
    public void rbdVolumesAreClonesOfImagesInTheirClusterAndCopiesOfOthers() throws Exception {
        awaitCephBackend();
        Path qcow2 = raw.resolveSibling("rbd-image.qcow2");
        assertEquals(0, Run.of("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString())
                .exit());
        // The images name the type of their volumes (cinder_img_volume_type), which the creates do not.
        String inCeph = glanceImage("raw-in-ceph", raw, "raw", "ceph");
        Map<String, Boolean> clonedFrom = Map.of(inCeph, true, glanceImage("qcow2-in-ceph", qcow2, "qcow2", "ceph"), false,
                image("raw-in-file", raw, "raw", "--property", "cinder_img_volume_type=ceph"), false);
        Map<String, String> volumes = new HashMap<>();
        for (Map.Entry<String, Boolean> image : clonedFrom.entrySet()) {
            String volume = clouds.openstack("alice", "volume", "create", "--image", image.getKey(), "--size", "1",
                    "on-rbd", "-f", "value", "-c", "id").trim();
            clouds.awaitVolume("alice", volume, "available");
            volumes.put(image.getKey(), volume);
            JsonNode shown = Http.JSON.readTree(clouds.openstack("alice", "volume", "show", volume, "-f", "json"));
            assertEquals(shown.toString(), "ceph", shown.path("type").asText());
            assertEquals(shown.toString(), image.getKey(), shown.path("volume_image_metadata").path("image_id").asText());
            assertEquals("true", shown.path("bootable").asText());
            JsonNode info = ceph.info("volume-" + volume);
            assertEquals(1L << 30, info.path("size").asLong());
            if (image.getValue()) {
                assertEquals(info.toString(), "images", info.path("parent").path("pool").asText());
                assertEquals(info.toString(), image.getKey(), info.path("parent").path("image").asText());
                assertEquals(info.toString(), "snap", info.path("parent").path("snapshot").asText());
            } else {
                // Copied once into the backend's image-volume cache entry, which the volume is a clone of.
                assertEquals(info.toString(), "volumes", info.path("parent").path("pool").asText());
                assertTrue(info.toString(), cacheEntries("@ceph").contains(info.path("parent").path("image").asText()));
            }
            assertSameDisk(image, raw, ceph.qemuTarget("volume-" + volume), "raw");
        }

        String clone = volumes.get(inCeph);
        JsonNode uploaded = Http.JSON.readTree(clouds.openstack("alice", "image", "create", "--volume", clone,
                "--disk-format", "qcow2", "from-rbd", "-f", "json"));
        clouds.awaitVolume("alice", clone, "available");
        assertUploadedImageHoldsTheData(uploaded.path("image_id").asText(), "qcow2");

        // Data where the first image has a hole, and holes where it has data (its last MiB too): they read zeros.
        Path next = distribution.home().resolve("rbd-next.raw");
        VolumeBytes.writeRandom(next, 0, 2 * MIB, 31);
        VolumeBytes.writeRandom(next, 3 * MIB, MIB, 32);
        try (RandomAccessFile file = new RandomAccessFile(next.toFile(), "rw")) {
            file.setLength(Files.size(raw));
        }
        String nextImage = image("rbd-reimage", next, "raw");
        JsonNode alice = clouds.token("alice");
        HttpResponse<String> reimaged = rest("POST", "/v3/" + alice.path("project_id").asText() + "/volumes/" + clone
                + "/action", alice.path("id").asText(), "OpenStack-API-Version", "volume 3.68",
                "{\"os-reimage\": {\"image_id\": \"" + nextImage + "\"}}");
        assertEquals(reimaged.body(), 202, reimaged.statusCode());
        Await.until("the reimage done", 120, () -> Http.JSON.readTree(clouds.openstack("alice", "volume", "show", clone,
                "-f", "json")).path("volume_image_metadata").path("image_id").asText().equals(nextImage));
        clouds.awaitVolume("alice", clone, "available");
        assertSameDisk("reimaged", next, ceph.qemuTarget("volume-" + clone), "raw");

        for (String volume : volumes.values()) {
            clouds.openstack("alice", "volume", "delete", volume);
        }
        Await.until("the RBD volumes deleted, the cache's entries kept", 60,
                () -> ceph.images().stream().sorted().toList().equals(cacheEntries("@ceph")));
        // Glance refuses to delete an image with clones: this one has none left.
        clouds.openstack("alice", "image", "delete", inCeph);
    }

    private static void awaitCephBackend() throws Exception {
        JsonNode admin = clouds.token("admin");
        Await.until("backend ceph reporting", 120, () -> rest("GET", "/v3/" + admin.path("project_id").asText()
                + "/scheduler-stats/get_pools", admin.path("id").asText(), null).body().contains("#ceph"));
    }

    /**
     * A private image of project alpha with its data in Glance's store {@code store}, made over
     * Glance's API, whose volumes are of type ceph.
     */
    private static String glanceImage(String name, Path file, String format, String store) throws Exception {
        JsonNode alice = clouds.token("alice");
        // scripts/glance writes "export GLANCE_URL=..." into its env file.
        String glanceUrl = Files.readString(glance.directory().resolve("env")).trim().replaceFirst("^export GLANCE_URL=", "");
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(glanceUrl + "/v2/images"))
                .header("X-Auth-Token", alice.path("id").asText()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"disk_format\": \"" + format
                        + "\", \"container_format\": \"bare\", \"visibility\": \"private\","
                        + " \"cinder_img_volume_type\": \"ceph\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(created.body(), 201, created.statusCode());
        String id = Http.JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(URI.create(glanceUrl + "/v2/images/" + id
                + "/file")).header("X-Auth-Token", alice.path("id").asText())
                .header("Content-Type", "application/octet-stream").header("X-Image-Meta-Store", store)
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(uploaded.body(), 204, uploaded.statusCode());
        return id;
    }

    /** What a crash test sends with alice's token; its answer may be lost in the crash. */
    @FunctionalInterface
    private interface Request {
        void send(JsonNode alice) throws Exception;
    }

    /** A request and the fault point its handling halts at. */
    private record Crash(String point, Request request) {
    }

    /**
     * Restarts the distribution to halt at each crash's point in turn, sending each crash's
     * request to the start that halts at its point (so the start after it redelivers it), then
     * starts it as usual.
     */
    private static void crashAt(List<Crash> crashes) throws Exception {
        distribution.stop();
        try {
            for (Crash crash : crashes) {
                distribution.start(Map.of(FaultPoints.HALT_AT, crash.point()));
                Await.until("the REST endpoint", 120, () -> rest("GET", "/v3/alpha/volumes", null, null).statusCode() == 401);
                try {
                    crash.request().send(clouds.token("alice"));
                } catch (IOException answerLostInTheCrash) {
                    // The halt may come before the answer is sent: the test finds what the request made.
                }
                assertEquals("the halt at " + crash.point(), FaultPoints.HALT_STATUS, distribution.awaitExit(120));
            }
        } catch (Exception | AssertionError e) {
            distribution.stop();
            distribution.start();
            throw e;
        }
        distribution.start();
        Await.until("the REST endpoint", 120, () -> rest("GET", "/v3/alpha/volumes", null, null).statusCode() == 401);
    }

    /**
     * qemu-img compare of a raw disk image with the disk at {@code target} (a file, or an image
     * qemu-img reaches by its rbd protocol) in {@code targetFormat}: the same data, the rest of
     * the larger one zeros.
     */
    private static void assertSameDisk(Object what, Path image, String target, String targetFormat) throws Exception {
        Run compared = Run.of("qemu-img", "compare", "-f", "raw", "-F", targetFormat, image.toString(), target);
        assertEquals(what + ": " + compared.output(), 0, compared.exit());
    }

    /** The volumes that hold the image-volume cache entries of the backends named {@code ...backend}, sorted. */
    private static List<String> cacheEntries(String backend) throws Exception {
        return distribution.shell("scoria:image-cache-list --no-format").lines().map(String::trim)
                .map(line -> line.split("\\s+")).filter(columns -> columns.length > 2 && columns[0].endsWith(backend))
                .map(columns -> "volume-" + columns[2]).sorted().toList();
    }

    /** A volume's disk on the NFS share: the file its connection info names in the export, in its format. */
    private record NfsDisk(Path file, String format) {

        /** The disk as a raw file of this test's, seen through its backing file if it has one. */
        Path readAsRaw() throws Exception {
            Path copy = Files.createTempFile(distribution.home(), "disk-", ".raw");
            Run converted = Run.of("qemu-img", "convert", "-q", "-f", format, "-O", "raw", file.toString(), copy.toString());
            assertEquals(converted.output(), 0, converted.exit());
            return copy;
        }
    }

    /** The disk of alice's volume as os-initialize_connection tells a consumer to open it. */
    private static NfsDisk nfsDisk(String volume) throws Exception {
        JsonNode alice = clouds.token("alice");
        String action = "/v3/" + alice.path("project_id").asText() + "/volumes/" + volume + "/action";
        String connector = "{\"connector\": {\"host\": \"image-test\", \"initiator\": \"iqn.1993-08.org.debian:01:image-test\"}}";
        HttpResponse<String> initialized = rest("POST", action, alice.path("id").asText(),
                "{\"os-initialize_connection\": " + connector + "}");
        assertEquals(initialized.body(), 200, initialized.statusCode());
        JsonNode data = Http.JSON.readTree(initialized.body()).path("connection_info").path("data");
        HttpResponse<String> terminated = rest("POST", action, alice.path("id").asText(),
                "{\"os-terminate_connection\": " + connector + "}");
        assertEquals(terminated.body(), 202, terminated.statusCode());
        return new NfsDisk(Path.of(data.path("export").asText()).resolve(data.path("name").asText()),
                data.path("format").asText());
    }

    /** The uploaded image becomes active and, saved with the real CLI, holds the source data (qemu-img compare). */
    private static void assertUploadedImageHoldsTheData(String image, String format) throws Exception {
        Await.until("image " + image + " active", 120, () -> clouds.openstack("alice", "image", "show", image, "-f",
                "value", "-c", "status").trim().equals("active"));
        Path saved = distribution.home().resolve(image + "." + format);
        clouds.openstack("alice", "image", "save", "--file", saved.toString(), image);
        assertSameDisk(format, raw, saved.toString(), format);
    }

    /** An available 1 GiB volume of alice's made from the image. */
    private static String volumeFrom(String image, String name) throws Exception {
        String volume = clouds.openstack("alice", "volume", "create", "--image", image, "--size", "1", name, "-f", "value",
                "-c", "id").trim();
        clouds.awaitVolume("alice", volume, "available");
        return volume;
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
        return rest(method, path, token, "OpenStack-API-Version", "volume 3.0", body);
    }

    private static HttpResponse<String> rest(String method, String path, String token, String header, String value,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ScoriaTestSupport.ENDPOINT + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header(header, value);
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
