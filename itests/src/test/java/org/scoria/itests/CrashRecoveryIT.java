package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scoria.fault.FaultPoints;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The distribution is halted as by {@code kill -9} at each step of a volume's create and delete
 * (the fault points of {@link FaultPoints}), then started again: every volume ends in a final
 * state, the backend holds exactly the files of the volumes that exist, and quota usage agrees
 * with the volumes.
 */
public class CrashRecoveryIT {


    /** Points on a create's path, in the order a create passes them. */
    private static final List<String> CREATE_POINTS = List.of(
            "api.schedule_create_volume.written",
            "scheduler.schedule_create_volume.placed",
            "manager.create_volume.before-driver",
            "nfs.create_volume.partial-written",
            "manager.create_volume.driver-returned",
            "manager.create_volume.recorded");

    /** Points on a delete's path. */
    private static final List<String> DELETE_POINTS = List.of(
            "api.delete_volume.written",
            "manager.delete_volume.before-driver",
            "manager.delete_volume.driver-returned",
            "manager.delete_volume.recorded");

    private static Distribution distribution;

    @BeforeClass
    public static void unpack() throws Exception {
        distribution = Distribution.unpack("crash");
        distribution.resendJournalQuickly();
    }

    @AfterClass
    public static void stopAndClean() throws Exception {
        distribution.stop();
        distribution.delete();
    }

    @Test
    public void everyVolumeEndsInAFinalStateAfterACrashAtAnyStep() throws Exception {
        List<String> table = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (String point : CREATE_POINTS) {
            run(point, "create", "crash-" + index++, table, failures);
        }
        for (String point : DELETE_POINTS) {
            run(point, "delete", "crash-" + index++, table, failures);
        }
        System.out.println("Crash recovery, one row per fault point:\n" + String.join("\n", table));
        assertTrue("Crash recovery failed at:\n" + String.join("\n", failures), failures.isEmpty());
    }

    /** One crash at {@code point} during a create or delete, the restart, and what it left. */
    private void run(String point, String operation, String project, List<String> table, List<String> failures)
            throws Exception {
        ProjectVolumes volumes = new ProjectVolumes("erin", project);
        Http http = volumes.http();
        distribution.start(Map.of(FaultPoints.HALT_AT, point));
        try {
            volumes.awaitEndpoint();
            if (operation.equals("create")) {
                sendIgnoringCrash(() -> http.post("/v3/" + project + "/volumes", "{\"volume\": {\"size\": 1}}"));
            } else {
                String id = volumes.create();
                volumes.awaitStatus(id, "available", 60);
                sendIgnoringCrash(() -> http.delete("/v3/" + project + "/volumes/" + id));
            }
            int exit = distribution.awaitExit(60);
            assertEquals("exit status of the halt at " + point, FaultPoints.HALT_STATUS, exit);
        } catch (AssertionError | TimeoutException e) {
            failures.add(point + ": the fault point was not reached: " + e.getMessage());
            table.add(String.format("| %-40s | %-6s | not reached |", point, operation));
            distribution.stop();
            return;
        }

        distribution.start();
        try {
            volumes.awaitEndpoint();
            String expected = operation.equals("create") ? "available" : "gone";
            List<String> ids = new ArrayList<>();
            try {
                awaitSettled(http, project, ids);
            } catch (AssertionError stuck) {
                table.add(String.format("| %-40s | %-6s | stuck: %s |", point, operation, stuck.getMessage()));
                failures.add(point + ": " + stuck.getMessage());
                return;
            }
            String outcome = outcome(volumes, ids);
            String backend = backendFiles(ids);
            String quota = quotaUsage(project);
            table.add(String.format("| %-40s | %-6s | %-24s | %-22s | %s |", point, operation, outcome, backend,
                    quota));
            String expectedOutcome = operation.equals("create") ? "1 volume, available" : "0 volumes";
            String expectedBackend = operation.equals("create") ? "1 file, no partial" : "0 files, no partial";
            String expectedQuota = operation.equals("create") ? "volumes 1, gigabytes 1" : "volumes 0, gigabytes 0";
            if (!outcome.equals(expectedOutcome) || !backend.equals(expectedBackend) || !quota.equals(expectedQuota)) {
                failures.add(point + ": " + expected + " expected, got " + outcome + "; backend " + backend + "; quota "
                        + quota);
            }
        } finally {
            distribution.stop();
        }
    }

    /** Waits until every volume of the project is available or in error (a deleted one is gone). */
    private static void awaitSettled(Http http, String project, List<String> ids) throws InterruptedException {
        Await.until("the volumes of " + project + " to settle", 120, () -> {
            ids.clear();
            boolean settled = true;
            for (JsonNode volume : http.get("/v3/" + project + "/volumes/detail").json().get("volumes")) {
                ids.add(volume.get("id").asText());
                String status = volume.get("status").asText();
                settled &= status.equals("available") || status.startsWith("error");
            }
            return settled;
        });
    }

    /** The request that reaches the fault point never gets an answer: the process is gone. */
    private static void sendIgnoringCrash(Request request) {
        try {
            request.send();
        } catch (IOException expected) {
            // The connection was cut by the halt.
        }
    }

    @FunctionalInterface
    private interface Request {
        Http.Reply send() throws IOException;
    }

    private static String outcome(ProjectVolumes volumes, List<String> ids) throws IOException {
        StringBuilder outcome = new StringBuilder(ids.size() + " volume" + (ids.size() == 1 ? "" : "s"));
        for (String id : ids) {
            outcome.append(", ").append(volumes.status(id));
        }
        return outcome.toString();
    }

    /** What the NFS backend holds of these volumes, and whether anything else of theirs is left. */
    private static String backendFiles(List<String> ids) throws IOException {
        int volumes = 0;
        boolean partial = false;
        Path share = distribution.nfsShare();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(share, "volume-*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ids.stream().anyMatch(id -> name.equals("volume-" + id))) {
                    volumes++;
                } else if (name.contains(".")) {
                    // A partial file or overlay of a volume of any project: the backend must hold none.
                    partial = true;
                }
            }
        }
        // Orphans: files of volumes that no longer exist (this test's volumes are all 1 GiB, one file each).
        return volumes + " file" + (volumes == 1 ? "" : "s") + (partial ? ", partial left" : ", no partial")
                + orphans(share);
    }

    /** Files in the share for volumes the platform does not know. */
    private static String orphans(Path share) throws IOException {
        Http admin = new Http(ScoriaTestSupport.ENDPOINT, "admin:admin");
        List<String> known = new ArrayList<>();
        for (JsonNode volume : admin.get("/v3/admin/volumes?all_tenants=1&limit=1000").json().get("volumes")) {
            known.add("volume-" + volume.get("id").asText());
        }
        List<String> orphans = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(share, "volume-*")) {
            for (Path file : files) {
                if (!known.contains(file.getFileName().toString())) {
                    orphans.add(file.getFileName().toString());
                }
            }
        }
        return orphans.isEmpty() ? "" : ", orphans " + orphans;
    }

    private static String quotaUsage(String project) throws IOException {
        JsonNode set = new Http(ScoriaTestSupport.ENDPOINT, "admin:" + project)
                .get("/v3/" + project + "/os-quota-sets/" + project + "?usage=true").json().get("quota_set");
        return "volumes " + set.get("volumes").get("in_use").asInt() + ", gigabytes "
                + set.get("gigabytes").get("in_use").asInt();
    }
}
