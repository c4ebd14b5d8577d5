package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

/** One project's volumes over REST, as the tests that run the distribution as a process use them. */
final class ProjectVolumes {

    private final String project;
    private final Http http;

    ProjectVolumes(String user, String project) {
        this.project = project;
        this.http = new Http(ScoriaTestSupport.ENDPOINT, user + ":" + project);
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
}
