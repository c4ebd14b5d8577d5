package org.scoria.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/** One project's backups over REST, for the tests in the container and those that run the distribution. */
final class ProjectBackups {

    private final Http http;
    private final String path;

    ProjectBackups(Http http, String project) {
        this.http = http;
        this.path = "/v3/" + project + "/backups";
    }

    /** Backs the volume up, checking the 202, and returns the backup's id. */
    String create(String volumeId, boolean incremental) throws IOException {
        Http.Reply reply = http.post(path, "{\"backup\": {\"volume_id\": \"" + volumeId + "\", \"incremental\": "
                + incremental + "}}");
        assertEquals(reply.body(), 202, reply.status());
        return reply.json().get("backup").get("id").asText();
    }

    JsonNode show(String id) throws IOException {
        return http.get(path + "/" + id).json().get("backup");
    }

    /** Waits for the backup's status; a backup that goes to {@code error} unexpectedly fails at once, with its reason. */
    JsonNode await(String id, String status, int seconds) throws InterruptedException {
        JsonNode[] view = new JsonNode[1];
        Await.until("backup " + id + " " + status, seconds, () -> {
            view[0] = show(id);
            if ("error".equals(view[0].get("status").asText()) && !"error".equals(status)) {
                throw new AssertionError("backup " + id + " failed: " + view[0].get("fail_reason"));
            }
            return status.equals(view[0].get("status").asText());
        });
        return view[0];
    }

    void awaitGone(String id, int seconds) throws InterruptedException {
        Await.until("backup " + id + " deleted", seconds, () -> http.get(path + "/" + id).status() == 404);
    }

    /** Asks for a restore (the body's {@code restore} object as JSON), checking the 202; returns the target volume's id. */
    String restore(String backupId, String restore) throws IOException {
        Http.Reply reply = http.post(path + "/" + backupId + "/restore", "{\"restore\": " + restore + "}");
        assertEquals(reply.body(), 202, reply.status());
        return reply.json().get("restore").get("volume_id").asText();
    }

    /**
     * Restores into a new volume and waits until the restore ended (the backup is available again:
     * it is restoring from the answer on); the new volume's id.
     */
    String restoreIntoNew(String backupId, int seconds) throws IOException, InterruptedException {
        String volumeId = restore(backupId, "{}");
        await(backupId, "available", seconds);
        return volumeId;
    }

    Http.Reply delete(String id) throws IOException {
        return http.delete(path + "/" + id);
    }
}
