package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

/** One project's volumes over REST, as the tests that run the distribution as a process use them. */
final class ProjectVolumes {

    private final String project;
    private final Http http;

    ProjectVolumes(String user, String project) {
        this(user, project, null);
    }

    /** With a microversion on every request, e.g. {@code volume 3.40} for reverts; {@code null} for none. */
    ProjectVolumes(String user, String project, String apiVersion) {
        this.project = project;
        this.http = new Http(ScoriaTestSupport.ENDPOINT, user + ":" + project, apiVersion);
    }

    Http http() {
        return http;
    }

    String path(String id) {
        return "/v3/" + project + "/volumes/" + id;
    }

    /** Creates a 1 GiB volume, checking the 202, and returns its id. */
    String create() throws IOException {
        Http.Reply reply = http.post("/v3/" + project + "/volumes", "{\"volume\": {\"size\": 1}}");
        assertEquals(reply.body(), 202, reply.status());
        return reply.json().get("volume").get("id").asText();
    }

    /** The volume's status, or {@code gone}. */
    String status(String id) throws IOException {
        Http.Reply reply = http.get(path(id));
        return reply.status() == 404 ? "gone" : reply.json().get("volume").get("status").asText();
    }

    void awaitEndpoint() throws InterruptedException {
        Await.until("the REST endpoint", 120, () -> http.get("/v3/" + project + "/volumes").status() == 200);
    }

    /** Waits for a status ({@code gone} for deleted); a volume that goes to an error status fails at once. */
    void awaitStatus(String id, String status, int seconds) throws InterruptedException {
        Await.until("volume " + id + " " + status, seconds, () -> {
            String now = status(id);
            assertTrue("volume " + id + " went to " + now, !now.startsWith("error"));
            return now.equals(status);
        });
    }

    /** Creates a volume of the type with the given fields, waits until it is available, returns its id. */
    String createOfType(String type, String fields) throws Exception {
        Http.Reply reply = http.post("/v3/" + project + "/volumes", "{\"volume\": " + fields.replaceFirst("\\{",
                "{\"volume_type\": \"" + type + "\", ") + "}");
        assertEquals(reply.body(), 202, reply.status());
        String id = reply.json().path("volume").path("id").asText();
        awaitStatus(id, "available", 120);
        return id;
    }

    /** Deletes a volume and waits until it is gone. */
    void delete(String id) throws Exception {
        assertEquals(202, http.delete(path(id)).status());
        awaitStatus(id, "gone", 60);
    }

    /** Posts a volume action, checking the 202. */
    void action(String id, String body) throws Exception {
        Http.Reply reply = http.post(path(id) + "/action", body);
        assertEquals(reply.body(), 202, reply.status());
    }

    /** Snapshots a volume, waits until the snapshot is available, returns its id. */
    String snapshot(String volumeId) throws Exception {
        Http.Reply reply = http.post("/v3/" + project + "/snapshots", "{\"snapshot\": {\"volume_id\": \"" + volumeId + "\"}}");
        assertEquals(reply.body(), 202, reply.status());
        String id = reply.json().path("snapshot").path("id").asText();
        Await.until("snapshot " + id + " available", 60, () -> {
            String status = snapshotStatus(id);
            assertTrue("snapshot " + id + " went to " + status, !status.startsWith("error"));
            return status.equals("available");
        });
        return id;
    }

    /** The snapshot's status, or {@code gone}. */
    String snapshotStatus(String id) throws Exception {
        Http.Reply reply = http.get("/v3/" + project + "/snapshots/" + id);
        return reply.status() == 404 ? "gone" : reply.json().path("snapshot").path("status").asText();
    }
}
