package org.scoria.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.scoria.persistence.VolumeStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Attach and detach through both of Cinder's flows on the NFS backend, and the connection info
 * used as a compute host would: the file named by the export and name is written through one
 * attachment and read back through the next.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AttachmentIT extends ScoriaTestSupport {

    private static final String PROJECT = "attach-it";
    private static final String SERVER = "5f8a1c8e-0d43-4f43-9d55-0d8f0f5b2a11";
    private static final long OFFSET = 3L << 20;
    private static final String CONNECTOR = "{\"host\": \"compute-1\", \"ip\": \"127.0.0.1\", \"initiator\":"
            + " \"iqn.1993-08.org.debian:01:compute-1\", \"multipath\": false, \"mountpoint\": \"/dev/vdb\"}";

    private final Http http = new Http(ENDPOINT, "alice:" + PROJECT, "volume 3.54");
    private final Http admin = new Http(ENDPOINT, "admin:" + PROJECT, "volume 3.54");

    /** Short expiry, so that a test can watch a reservation nobody completes go away. */
    @Override
    @Configuration
    public Option[] config() {
        return distribution(
                editConfigurationFilePut("etc/org.scoria.attachments.cfg", "reservation.expiry.seconds", "12"),
                editConfigurationFilePut("etc/org.scoria.attachments.cfg", "expiry.check.interval.seconds", "1"));
    }

    private String availableVolume(String extra) throws Exception {
        String id = create(http, PROJECT, createBody(1, extra));
        awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        return id;
    }

    private JsonNode volume(String id) throws IOException {
        return http.get("/v3/" + PROJECT + "/volumes/" + id).json().get("volume");
    }

    private JsonNode createAttachment(String volumeId, String connector) throws IOException {
        Http.Reply reply = http.post("/v3/" + PROJECT + "/attachments", "{\"attachment\": {\"volume_uuid\": \"" + volumeId
                + "\", \"instance_uuid\": \"" + SERVER + "\"" + (connector == null ? "" : ", \"connector\": " + connector)
                + "}}");
        assertEquals(reply.body(), 200, reply.status());
        return reply.json().get("attachment");
    }

    private void complete(String attachmentId) throws IOException {
        Http.Reply completed = http.post("/v3/" + PROJECT + "/attachments/" + attachmentId + "/action",
                "{\"os-complete\": null}");
        assertEquals(completed.body(), 204, completed.status());
    }

    /** What a compute host does with nfs connection info: open the file named by the export and name. */
    private static Path volumeFile(JsonNode data) {
        assertEquals("raw", data.get("format").asText());
        return Path.of(data.get("export").asText(), data.get("name").asText());
    }

    private static void write(Path file, byte[] pattern) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(OFFSET);
            out.write(pattern);
            out.getFD().sync();
        }
    }

    private static byte[] read(Path file, int length) throws IOException {
        byte[] bytes = new byte[length];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(OFFSET);
            in.readFully(bytes);
        }
        return bytes;
    }

    @Test
    public void theAttachmentsFlowExportsTheFileAComputeHostWritesAndTheNextAttachmentReadsBack() throws Exception {
        String volumeId = availableVolume(null);
        JsonNode reserved = createAttachment(volumeId, null);
        assertEquals("reserved", reserved.get("status").asText());
        assertEquals("", reserved.get("attached_at").asText());
        assertEquals(0, reserved.get("connection_info").size());
        assertEquals("reserved", volume(volumeId).get("status").asText());
        String attachmentId = reserved.get("id").asText();

        Http.Reply updated = http.call("PUT", "/v3/" + PROJECT + "/attachments/" + attachmentId,
                "{\"attachment\": {\"connector\": " + CONNECTOR + "}}");
        assertEquals(updated.body(), 200, updated.status());
        JsonNode info = updated.json().get("attachment").get("connection_info");
        assertEquals("nfs", info.get("driver_volume_type").asText());
        assertEquals(attachmentId, info.get("attachment_id").asText());
        assertEquals("rw", info.get("access_mode").asText());
        assertEquals("volume-" + volumeId, info.get("name").asText());
        assertEquals("attaching", volume(volumeId).get("status").asText());
        Http.Reply again = http.call("PUT", "/v3/" + PROJECT + "/attachments/" + attachmentId,
                "{\"attachment\": {\"connector\": " + CONNECTOR + "}}");
        assertEquals("the same connector gets the same answer", info,
                again.json().get("attachment").get("connection_info"));

        complete(attachmentId);
        JsonNode inUse = volume(volumeId);
        assertEquals("in-use", inUse.get("status").asText());
        assertEquals(1, inUse.get("attachments").size());
        assertEquals(attachmentId, inUse.get("attachments").get(0).get("attachment_id").asText());
        assertEquals(SERVER, inUse.get("attachments").get(0).get("server_id").asText());
        assertEquals("/dev/vdb", inUse.get("attachments").get(0).get("device").asText());
        JsonNode shown = http.get("/v3/" + PROJECT + "/attachments/" + attachmentId).json().get("attachment");
        assertEquals("attached", shown.get("status").asText());
        assertFalse(shown.get("attached_at").asText().isEmpty());
        assertEquals(List.of(attachmentId), ids(http.get("/v3/" + PROJECT + "/attachments?volume_id=" + volumeId)));
        assertEquals(List.of(), ids(http.get("/v3/" + PROJECT + "/attachments?volume_id=" + volumeId + "&status=reserved")));
        assertTrue(shell("scoria:attachment-list --volume " + volumeId).contains(attachmentId));

        byte[] pattern = ("scoria attach " + volumeId).repeat(200).getBytes(StandardCharsets.UTF_8);
        write(volumeFile(info), pattern);

        Http.Reply refused = http.delete("/v3/" + PROJECT + "/volumes/" + volumeId);
        assertEquals(refused.body(), 400, refused.status());
        assertTrue(refused.body(), refused.body().contains("in-use"));
        Http.Reply forced = admin.post("/v3/" + PROJECT + "/volumes/" + volumeId + "/action", "{\"os-force_delete\": {}}");
        assertEquals("not even forced: " + forced.body(), 400, forced.status());

        Http.Reply deleted = http.delete("/v3/" + PROJECT + "/attachments/" + attachmentId);
        assertEquals(deleted.body(), 200, deleted.status());
        assertEquals(0, deleted.json().get("attachments").size());
        assertEquals("available", volume(volumeId).get("status").asText());
        assertEquals(0, volume(volumeId).get("attachments").size());
        assertEquals(404, http.get("/v3/" + PROJECT + "/attachments/" + attachmentId).status());
        assertEquals(404, http.delete("/v3/" + PROJECT + "/attachments/" + attachmentId).status());

        JsonNode next = createAttachment(volumeId, CONNECTOR);
        assertEquals("attaching", next.get("status").asText());
        assertArrayEquals("the data written through the first attachment", pattern,
                read(volumeFile(next.get("connection_info")), pattern.length));
        complete(next.get("id").asText());
        String shellOut = shell("scoria:attachment-delete " + next.get("id").asText());
        assertTrue(shellOut, shellOut.contains("Deleted " + next.get("id").asText()));
        assertEquals("available", volume(volumeId).get("status").asText());
        deleteAll(http, PROJECT, List.of(volumeId));
    }

    @Test
    public void theLegacyActionsWalkTheSameStateMachine() throws Exception {
        String volumeId = availableVolume(null);
        String actions = "/v3/" + PROJECT + "/volumes/" + volumeId + "/action";
        assertEquals(202, http.post(actions, "{\"os-reserve\": {}}").status());
        assertEquals("attaching", volume(volumeId).get("status").asText());
        Http.Reply twice = http.post(actions, "{\"os-reserve\": {}}");
        assertEquals(twice.body(), 400, twice.status());
        assertEquals(202, http.post(actions, "{\"os-unreserve\": {}}").status());
        assertEquals("available", volume(volumeId).get("status").asText());

        assertEquals(202, http.post(actions, "{\"os-reserve\": {}}").status());
        Http.Reply initialized = http.post(actions, "{\"os-initialize_connection\": {\"connector\": " + CONNECTOR + "}}");
        assertEquals(initialized.body(), 200, initialized.status());
        JsonNode info = initialized.json().get("connection_info");
        assertEquals("nfs", info.get("driver_volume_type").asText());
        byte[] pattern = "legacy".repeat(100).getBytes(StandardCharsets.UTF_8);
        write(volumeFile(info.get("data")), pattern);
        Http.Reply noMountpoint = http.post(actions, "{\"os-attach\": {\"instance_uuid\": \"" + SERVER + "\"}}");
        assertEquals(noMountpoint.body(), 400, noMountpoint.status());
        assertEquals(202, http.post(actions, "{\"os-attach\": {\"instance_uuid\": \"" + SERVER
                + "\", \"mountpoint\": \"/dev/vdc\", \"mode\": \"rw\"}}").status());
        JsonNode inUse = volume(volumeId);
        assertEquals("in-use", inUse.get("status").asText());
        assertEquals("/dev/vdc", inUse.get("attachments").get(0).get("device").asText());

        assertEquals(202, http.post(actions, "{\"os-begin_detaching\": {}}").status());
        assertEquals("detaching", volume(volumeId).get("status").asText());
        assertEquals(202, http.post(actions, "{\"os-roll_detaching\": {}}").status());
        assertEquals("in-use", volume(volumeId).get("status").asText());
        assertEquals(202, http.post(actions, "{\"os-begin_detaching\": {}}").status());
        assertEquals(202, http.post(actions, "{\"os-terminate_connection\": {\"connector\": " + CONNECTOR + "}}").status());
        assertEquals(202, http.post(actions, "{\"os-detach\": {}}").status());
        assertEquals("available", volume(volumeId).get("status").asText());

        Http.Reply reread = http.post(actions, "{\"os-initialize_connection\": {\"connector\": " + CONNECTOR + "}}");
        assertArrayEquals(pattern, read(volumeFile(reread.json().get("connection_info").get("data")), pattern.length));

        assertEquals(202, http.post(actions, "{\"os-attach\": {\"host_name\": \"compute-2\", \"mountpoint\": \"/dev/vdd\"}}")
                .status());
        Http.Reply memberForce = http.post(actions, "{\"os-force_detach\": {}}");
        assertEquals(memberForce.body(), 403, memberForce.status());
        assertEquals(202, admin.post(actions, "{\"os-force_detach\": {\"connector\": " + CONNECTOR + "}}").status());
        assertEquals("available", volume(volumeId).get("status").asText());
        deleteAll(http, PROJECT, List.of(volumeId));
    }

    @Test
    public void onlyAMultiattachTypeTakesSeveralAttachmentsAndReadOnlyIsExportedSo() throws Exception {
        Http.Reply type = admin.post("/v3/" + PROJECT + "/types", "{\"volume_type\": {\"name\": \"shared\","
                + " \"extra_specs\": {\"multiattach\": \"<is> True\"}}}");
        assertEquals(type.body(), 200, type.status());
        String single = availableVolume(null);
        String shared = availableVolume("\"volume_type\": \"shared\"");
        assertFalse(volume(single).get("multiattach").asBoolean());
        assertTrue(volume(shared).get("multiattach").asBoolean());

        createAttachment(single, null);
        Http.Reply second = http.post("/v3/" + PROJECT + "/attachments", "{\"attachment\": {\"volume_uuid\": \"" + single
                + "\"}}");
        assertEquals(second.body(), 400, second.status());
        assertTrue(second.body(), second.body().contains("multi"));
        // A server that moves (Nova's migrations) gets the new host's attachment beside the old one's.
        assertEquals("reserved", createAttachment(single, null).get("status").asText());

        String first = createAttachment(shared, CONNECTOR).get("id").asText();
        complete(first);
        Http.Reply readOnly = http.post("/v3/" + PROJECT + "/attachments", "{\"attachment\": {\"volume_uuid\": \"" + shared
                + "\", \"mode\": \"ro\", \"connector\": {\"host\": \"compute-2\"}}}");
        assertEquals(readOnly.body(), 200, readOnly.status());
        JsonNode ro = readOnly.json().get("attachment");
        assertEquals("ro", ro.get("attach_mode").asText());
        assertEquals("ro", ro.get("connection_info").get("access_mode").asText());
        assertEquals("in-use", volume(shared).get("status").asText());
        assertEquals(1, http.delete("/v3/" + PROJECT + "/attachments/" + first).json().get("attachments").size());
        assertEquals("the other consumer still holds it", "attaching", volume(shared).get("status").asText());
        http.delete("/v3/" + PROJECT + "/attachments/" + ro.get("id").asText());
        for (JsonNode attachment : http.get("/v3/" + PROJECT + "/attachments?volume_id=" + single).json().get("attachments")) {
            http.delete("/v3/" + PROJECT + "/attachments/" + attachment.get("id").asText());
        }
        deleteAll(http, PROJECT, List.of(single, shared));
    }

    @Test
    public void badInputGetsCindersFaultAndChangesNothing() throws Exception {
        String volumeId = availableVolume(null);
        String attachments = "/v3/" + PROJECT + "/attachments";
        Object[][] cases = {
            {http, "POST", attachments, "{\"attachment\": {}}", 400},
            {http, "POST", attachments, "{\"attachment\": {\"volume_uuid\": \"not-a-uuid\"}}", 400},
            {http, "POST", attachments, "{\"attachment\": {\"volume_uuid\": \"" + SERVER + "\"}}", 404},
            {http, "POST", attachments, "{\"attachment\": {\"volume_uuid\": \"" + volumeId + "\", \"mode\": \"rx\"}}", 400},
            {http, "POST", attachments, "{\"attachment\": {\"volume_uuid\": \"" + volumeId + "\", \"connector\": 7}}", 400},
            {http, "POST", attachments, "{\"attachment\": {\"volume_uuid\": \"" + volumeId + "\", \"extra\": 1}}", 400},
            {new Http(ENDPOINT, "alice:" + PROJECT, "volume 3.53"), "POST", attachments,
                "{\"attachment\": {\"volume_uuid\": \"" + volumeId + "\", \"mode\": \"ro\"}}", 400},
            {new Http(ENDPOINT, "alice:" + PROJECT, "volume 3.26"), "GET", attachments, null, 404},
            {http, "PUT", attachments + "/" + SERVER, "{\"attachment\": {\"connector\": {\"host\": \"h\"}}}", 404},
            {http, "POST", "/v3/" + PROJECT + "/volumes/" + volumeId + "/action",
                "{\"os-initialize_connection\": {}}", 400},
            {http, "POST", "/v3/" + PROJECT + "/volumes/" + volumeId + "/action",
                "{\"os-attach\": {\"mountpoint\": \"/dev/vdb\"}}", 400},
            {http, "POST", "/v3/" + PROJECT + "/volumes/" + volumeId + "/action", "{\"os-begin_detaching\": {}}", 400}};
        for (Object[] bad : cases) {
            Http.Reply reply = ((Http) bad[0]).call((String) bad[1], (String) bad[2], (String) bad[3]);
            assertEquals(bad[1] + " " + bad[2] + " " + bad[3] + ": " + reply.body(), (int) bad[4], reply.status());
            assertTrue(reply.body(), reply.body().contains("\"code\":" + bad[4]) || reply.status() == 404
                    && reply.body().contains("itemNotFound"));
            assertEquals("available", volume(volumeId).get("status").asText());
        }
        JsonNode reserved = createAttachment(volumeId, null);
        Http.Reply notConnected = http.post(attachments + "/" + reserved.get("id").asText() + "/action",
                "{\"os-complete\": null}");
        assertEquals(notConnected.body(), 400, notConnected.status());
        Http.Reply emptyConnector = http.call("PUT", attachments + "/" + reserved.get("id").asText(),
                "{\"attachment\": {\"connector\": {}}}");
        assertEquals(emptyConnector.body(), 400, emptyConnector.status());
        Http.Reply otherProject = new Http(ENDPOINT, "bob:elsewhere", "volume 3.54")
                .get("/v3/elsewhere/attachments/" + reserved.get("id").asText());
        assertEquals(404, otherProject.status());
        assertEquals("reserved", volume(volumeId).get("status").asText());
        assertEquals(200, http.delete(attachments + "/" + reserved.get("id").asText()).status());
        deleteAll(http, PROJECT, List.of(volumeId));
    }

    @Test
    public void aConsumerThatNeverCompletesDoesNotHoldTheVolumeForever() throws Exception {
        String volumeId = availableVolume(null);
        String attachmentId = createAttachment(volumeId, CONNECTOR).get("id").asText();
        assertEquals("attaching", volume(volumeId).get("status").asText());
        String actions = "/v3/" + PROJECT + "/volumes/" + volumeId + "/action";
        String held = availableVolume(null);
        assertEquals(202, http.post("/v3/" + PROJECT + "/volumes/" + held + "/action", "{\"os-reserve\": {}}").status());
        await("the unfinished attachment expired", 60,
                () -> http.get("/v3/" + PROJECT + "/attachments/" + attachmentId).status() == 404);
        awaitStatus(volumeId, VolumeStatus.AVAILABLE, 10);
        awaitStatus(held, VolumeStatus.AVAILABLE, 30);
        assertEquals(202, http.post(actions, "{\"os-reserve\": {}}").status());
        assertEquals(202, http.post(actions, "{\"os-unreserve\": {}}").status());
        deleteAll(http, PROJECT, List.of(volumeId, held));
    }

    private static List<String> ids(Http.Reply list) {
        assertEquals(list.body(), 200, list.status());
        return StreamSupport.stream(list.json().get("attachments").spliterator(), false)
                .map(attachment -> attachment.get("id").asText()).toList();
    }
}
