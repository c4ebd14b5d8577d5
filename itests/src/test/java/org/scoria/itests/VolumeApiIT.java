package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;

import com.fasterxml.jackson.databind.JsonNode;

/** Create, show, list, delete over HTTP against the booted distribution, and bad input that changes nothing. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VolumeApiIT extends ScoriaTestSupport {

    private static final String PROJECT = "api-it";
    private final Http http = client("alice", PROJECT);

    @Test
    public void versionDocumentsAnswerAsCindersDo() throws Exception {
        Http anonymous = new Http(ENDPOINT, null);
        Http.Reply root = anonymous.get("/");
        assertEquals(300, root.status());
        JsonNode v3 = root.json().get("versions").get(0);
        assertEquals("v3.0", v3.get("id").asText());
        assertEquals("CURRENT", v3.get("status").asText());
        assertEquals("3.0", v3.get("min_version").asText());
        assertEquals("3.71", v3.get("version").asText());
        Http.Reply versions = anonymous.get("/v3/");
        assertEquals(200, versions.status());
        assertEquals(ENDPOINT + "/v3/", versions.json().get("versions").get(0).get("links").get(1).get("href").asText());
    }

    @Test
    public void volumeLivesAndDiesThroughTheWholePath() throws Exception {
        String id = create(http, PROJECT, createBody(2, "\"name\": \"  data  \", \"description\": \"it\""));

        Volume available = awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        assertTrue("placed on a backend: " + available.host(), available.host().endsWith("@nfs-default#nfs-default"));
        Path file = Path.of(available.providerLocation(), "volume-" + id);
        assertEquals("the driver made a sparse raw file of the size asked", 2L << 30, Files.size(file));

        JsonNode shown = http.get("/v3/" + PROJECT + "/volumes/" + id).json().get("volume");
        assertEquals("available", shown.get("status").asText());
        assertEquals("names are stripped, as Cinder does", "data", shown.get("name").asText());
        assertEquals(2, shown.get("size").asInt());
        assertEquals("alice", shown.get("user_id").asText());
        assertEquals(PROJECT, shown.get("os-vol-tenant-attr:tenant_id").asText());
        assertEquals(ENDPOINT + "/v3/" + PROJECT + "/volumes/" + id, shown.get("links").get(0).get("href").asText());

        JsonNode summary = http.get("/v3/" + PROJECT + "/volumes").json().get("volumes");
        assertTrue(containsId(summary, id));
        assertEquals(3, summary.get(0).size());
        JsonNode detail = http.get("/v3/" + PROJECT + "/volumes/detail").json().get("volumes");
        assertTrue(containsId(detail, id));

        Http.Reply deleted = http.delete("/v3/" + PROJECT + "/volumes/" + id);
        assertEquals(202, deleted.status());
        awaitGone(id, 60);
        assertFalse("the driver removed the file", Files.exists(file));
        assertEquals(404, http.get("/v3/" + PROJECT + "/volumes/" + id).status());
        assertFalse(containsId(http.get("/v3/" + PROJECT + "/volumes").json().get("volumes"), id));
    }

    @Test
    public void deletingAVolumeTwiceIsRefusedWhileItIsBeingDeleted() throws Exception {
        String id = create(http, PROJECT, createBody(1, null));
        awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        assertEquals(202, http.delete("/v3/" + PROJECT + "/volumes/" + id).status());
        Http.Reply again = http.delete("/v3/" + PROJECT + "/volumes/" + id);
        assertTrue("second delete: " + again.body(), again.status() == 400 || again.status() == 404);
        awaitGone(id, 60);
    }

    @Test
    public void badInputGetsCindersFaultAndWritesNothing() throws Exception {
        int before = store.list(null).size();
        String path = "/v3/" + PROJECT + "/volumes";
        String longName = "x".repeat(256);
        List<Object[]> cases = List.of(
                new Object[] {"{not json", 400, "badRequest"},
                new Object[] {"{}", 400, "badRequest"},
                new Object[] {"{\"volume\": 3}", 400, "badRequest"},
                new Object[] {createBody(0, null), 400, "badRequest"},
                new Object[] {createBody(-1, null), 400, "badRequest"},
                new Object[] {"{\"volume\": {\"size\": 1.5}}", 400, "badRequest"},
                new Object[] {"{\"volume\": {\"size\": \"ten\"}}", 400, "badRequest"},
                new Object[] {"{\"volume\": {\"name\": \"no size\"}}", 400, "badRequest"},
                new Object[] {createBody(1, "\"name\": \"" + longName + "\""), 400, "badRequest"},
                new Object[] {createBody(1, "\"description\": \"" + longName + "\""), 400, "badRequest"},
                new Object[] {"{\"volume\": {\"size\": 1, \"name\": 7}}", 400, "badRequest"},
                new Object[] {"{\"volume\": {\"size\": 1, \"pad\": \"" + "y".repeat(120_000) + "\"}}", 413, "overLimit"});
        for (Object[] bad : cases) {
            Http.Reply reply = http.post(path, (String) bad[0]);
            String shown = ((String) bad[0]).substring(0, Math.min(60, ((String) bad[0]).length()));
            assertEquals(shown + " -> " + reply.body(), bad[1], reply.status());
            JsonNode fault = reply.json().get((String) bad[2]);
            assertEquals(shown, (int) bad[1], fault.get("code").asInt());
            assertFalse(shown, fault.get("message").asText().isBlank());
        }
        assertEquals("size 0 message", "Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1",
                http.post(path, createBody(0, null)).json().get("badRequest").get("message").asText());

        assertEquals(404, http.get(path + "/00000000-0000-0000-0000-000000000000").status());
        assertEquals("itemNotFound", http.get(path + "/not-a-uuid").json().fieldNames().next());
        assertEquals(404, http.delete(path + "/not-a-uuid").status());
        // Cinder's router has no route for these: 404, not 405; a trailing slash names an empty id.
        assertEquals(404, http.call("PUT", path, "{}").status());
        assertEquals("itemNotFound", http.call("PUT", path, "{}").json().fieldNames().next());
        assertEquals(404, http.delete(path + "/").status());
        assertEquals(404, http.get(path + "/").status());
        assertEquals(200, http.get(path).status());
        assertEquals(401, new Http(ENDPOINT, null).get(path).status());
        assertEquals(before, store.list(null).size());
    }

    @Test
    public void anotherProjectSeesNothing() throws Exception {
        String id = create(http, PROJECT, createBody(1, null));
        Http mallory = client("mallory", "other");
        assertEquals("another project's list is forbidden", 403, mallory.get("/v3/" + PROJECT + "/volumes").status());
        assertEquals("another project's volume does not exist for it", 404,
                mallory.get("/v3/" + PROJECT + "/volumes/" + id).status());
        assertEquals(404, mallory.get("/v3/other/volumes/" + id).status());
        assertEquals(404, mallory.delete("/v3/other/volumes/" + id).status());
        assertFalse(containsId(mallory.get("/v3/other/volumes").json().get("volumes"), id));
        awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        assertEquals(202, http.delete("/v3/" + PROJECT + "/volumes/" + id).status());
        awaitGone(id, 60);
    }

    @Test
    public void microversionsAreNegotiatedAndGateFields() throws Exception {
        String id = create(http, PROJECT, createBody(1, null));
        String path = "/v3/" + PROJECT + "/volumes/" + id;
        Http.Reply base = http.get(path);
        assertFalse("3.0 has no group_id", base.json().get("volume").has("group_id"));
        Http.Reply newer = versioned("volume 3.65").get(path);
        assertTrue(newer.json().get("volume").has("group_id"));
        assertTrue(newer.json().get("volume").has("consumes_quota"));
        Http.Reply latest = versioned("volume latest").get("/v3/" + PROJECT + "/volumes?with_count=true");
        assertTrue("count from 3.45: " + latest.body(), latest.json().has("count"));
        assertEquals(406, versioned("volume 3.72").get(path).status());
        assertEquals("computeFault", versioned("volume 3.72").get(path).json().fieldNames().next());
        assertEquals(400, versioned("volume three").get(path).status());
        assertEquals("project-less URL (3.67)", 200, versioned("volume 3.67").get("/v3/volumes/" + id).status());
        awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        assertEquals(202, http.delete(path).status());
        awaitGone(id, 60);
    }

    @Test
    public void adminsSeeEveryProjectAndAdminFields() throws Exception {
        String id = create(http, PROJECT, createBody(1, null));
        Http admin = client("root", "admin-project:admin");
        JsonNode all = admin.get("/v3/admin-project/volumes/detail?all_tenants=1").json().get("volumes");
        assertTrue(containsId(all, id));
        JsonNode own = admin.get("/v3/admin-project/volumes/detail").json().get("volumes");
        assertFalse("without all_tenants an admin lists its own project", containsId(own, id));
        JsonNode shown = admin.get("/v3/admin-project/volumes/" + id).json().get("volume");
        assertTrue("admins see the host attribute", shown.has("os-vol-host-attr:host"));
        assertFalse("members do not", http.get("/v3/" + PROJECT + "/volumes/" + id).json().get("volume")
                .has("os-vol-host-attr:host"));
        assertFalse("all_tenants is ignored for members",
                containsId(client("eve", "eve-project").get("/v3/eve-project/volumes?all_tenants=1").json().get("volumes"), id));
        awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        assertEquals(202, http.delete("/v3/" + PROJECT + "/volumes/" + id).status());
        awaitGone(id, 60);
    }

    @Test
    public void listsPageSortAndFilterAsCindersDo() throws Exception {
        String project = "paging-it";
        Http.unlimitedQuota(ENDPOINT, project);
        Http owner = client("paula", project);
        List<String> ids = new ArrayList<>();
        for (String name : List.of("delta", "alpha", "echo", "charlie", "bravo")) {
            ids.add(create(owner, project, createBody(1, "\"name\": \"" + name + "\"")));
        }
        String base = "/v3/" + project + "/volumes";
        JsonNode first = owner.get(base + "?sort=name:asc&limit=2").json();
        assertEquals(List.of("alpha", "bravo"), names(first.get("volumes")));
        String next = first.get("volumes_links").get(0).get("href").asText();
        assertTrue(next, next.startsWith(ENDPOINT + base + "?") && next.contains("marker="));
        JsonNode second = owner.get(next.substring(ENDPOINT.length())).json();
        assertEquals(List.of("charlie", "delta"), names(second.get("volumes")));
        JsonNode third = owner.get(second.get("volumes_links").get(0).get("href").asText().substring(ENDPOINT.length())).json();
        assertEquals(List.of("echo"), names(third.get("volumes")));
        assertFalse("the last page has no next link", third.has("volumes_links"));

        assertEquals("newest first by default", ids.get(4), owner.get(base).json().get("volumes").get(0).get("id").asText());
        assertEquals(List.of("echo", "delta"), names(owner.get(base + "/detail?sort_key=name&sort_dir=desc&limit=2")
                .json().get("volumes")));
        assertEquals(List.of("charlie"), names(owner.get(base + "?name=charlie").json().get("volumes")));
        assertEquals(List.of("charlie"), names(owner.get(base + "?name~=harl").json().get("volumes")));
        assertEquals(List.of("bravo", "charlie"), names(owner.get(base + "?sort=name:asc&offset=1&limit=2").json().get("volumes")));
        assertEquals(0, owner.get(base + "?status=no-such-status").json().get("volumes").size());
        assertEquals("summary needs 3.12", 404, owner.get(base + "/summary").status());
        JsonNode summary = new Http(ENDPOINT, "paula:" + project, "volume 3.36").get(base + "/summary").json()
                .get("volume-summary");
        assertEquals(5, summary.get("total_count").asInt());
        assertEquals(5, summary.get("total_size").asInt());
        assertTrue(summary.has("metadata"));
        JsonNode zones = owner.get("/v3/" + project + "/os-availability-zone").json().get("availabilityZoneInfo");
        assertEquals("nova", zones.get(0).get("zoneName").asText());
        assertTrue(zones.get(0).get("zoneState").get("available").asBoolean());
        JsonNode counted = new Http(ENDPOINT, "paula:" + project, "volume 3.45").get(base + "?with_count=true&limit=1").json();
        assertEquals(5, counted.get("count").asInt());
        assertEquals(1, counted.get("volumes").size());

        assertEquals(400, owner.get(base + "?limit=-1").status());
        assertEquals(400, owner.get(base + "?limit=many").status());
        assertEquals(400, owner.get(base + "?sort=color:asc").status());
        assertEquals(400, owner.get(base + "?sort=name:sideways").status());
        assertEquals(400, owner.get(base + "?sort=name&sort_key=size").status());
        assertEquals("itemNotFound", owner.get(base + "?marker=00000000-0000-0000-0000-000000000000").json().fieldNames().next());

        for (String id : ids) {
            awaitStatus(id, VolumeStatus.AVAILABLE, 60);
            assertEquals(202, owner.delete(base + "/" + id).status());
        }
        for (String id : ids) {
            awaitGone(id, 60);
        }
    }

    @Test
    public void nameAndDescriptionAreUpdated() throws Exception {
        String id = create(http, PROJECT, createBody(1, "\"name\": \"before\", \"description\": \"kept\""));
        String path = "/v3/" + PROJECT + "/volumes/" + id;
        Http.Reply renamed = http.call("PUT", path, "{\"volume\": {\"name\": \"  after  \"}}");
        assertEquals(renamed.body(), 200, renamed.status());
        assertEquals("after", renamed.json().get("volume").get("name").asText());
        assertEquals("kept", renamed.json().get("volume").get("description").asText());
        assertEquals("after", http.get(path).json().get("volume").get("name").asText());
        assertEquals(200, http.call("PUT", path, "{\"volume\": {\"display_description\": null}}").status());
        assertTrue(http.get(path).json().get("volume").get("description").isNull());

        assertEquals(400, http.call("PUT", path, "{\"volume\": {\"size\": 5}}").status());
        assertEquals(400, http.call("PUT", path, "{\"volume\": {\"name\": \"" + "n".repeat(256) + "\"}}").status());
        assertEquals(400, http.call("PUT", path, "{\"name\": \"x\"}").status());
        assertEquals(404, client("mallory", "other").call("PUT", "/v3/other/volumes/" + id, "{\"volume\": {\"name\": \"x\"}}")
                .status());
        assertEquals("after", http.get(path).json().get("volume").get("name").asText());
        awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        assertEquals(202, http.delete(path).status());
        awaitGone(id, 60);
    }

    private static List<String> names(JsonNode volumes) {
        List<String> names = new ArrayList<>();
        volumes.forEach(volume -> names.add(volume.get("name").asText()));
        return names;
    }

    private Http versioned(String header) {
        return new Http(ENDPOINT, "alice:" + PROJECT, header);
    }

    private static boolean containsId(JsonNode volumes, String id) {
        for (JsonNode volume : volumes) {
            if (volume.get("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void metadataAndVolumeActionsWorkAndRefuseBadInput() throws Exception {
        String path = "/v3/" + PROJECT + "/volumes/";
        String id = create(http, PROJECT, createBody(1, "\"metadata\": {\"tier\": \"gold\"}"));
        Volume available = awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        Path file = Path.of(available.providerLocation(), "volume-" + id);

        assertEquals("gold", http.get(path + id + "/metadata").json().get("metadata").get("tier").asText());
        JsonNode merged = http.post(path + id + "/metadata", "{\"metadata\": {\"app\": \"db\"}}").json().get("metadata");
        assertEquals(2, merged.size());
        assertEquals(200, http.call("PUT", path + id + "/metadata/app", "{\"meta\": {\"app\": \"web\"}}").status());
        assertEquals("web", http.get(path + id + "/metadata/app").json().get("meta").get("app").asText());
        assertEquals(400, http.call("PUT", path + id + "/metadata/app", "{\"meta\": {\"other\": \"x\"}}").status());
        assertEquals(400, http.post(path + id + "/metadata", "{\"metadata\": {\"bad\": 1}}").status());
        assertEquals(200, http.delete(path + id + "/metadata/app").status());
        assertEquals(404, http.get(path + id + "/metadata/app").status());
        assertEquals(1, http.get("/v3/" + PROJECT + "/volumes/detail?metadata=%7B%27tier%27%3A%27gold%27%7D").json()
                .get("volumes").size());

        Http.Reply shrink = http.post(path + id + "/action", "{\"os-extend\": {\"new_size\": 1}}");
        assertEquals(400, shrink.status());
        assertTrue(shrink.body(), shrink.body().contains("New size for extend must be greater than current size"));
        assertEquals(400, http.post(path + id + "/action", "{\"os-extend\": {\"new_size\": null}}").status());
        assertEquals(400, http.get("/v3/" + PROJECT + "/snapshots?sort=availability_zone").status());
        assertEquals(202, http.post(path + id + "/action", "{\"os-extend\": {\"new_size\": 3}}").status());
        await("the volume is extended", 60, () -> {
            Volume now = store.find(id).orElseThrow();
            return now.status() == VolumeStatus.AVAILABLE && now.sizeGb() == 3;
        });
        assertEquals("the driver grew the file", 3L << 30, Files.size(file));

        assertEquals(200, http.post(path + id + "/action", "{\"os-set_bootable\": {\"bootable\": \"true\"}}").status());
        assertEquals(202, http.post(path + id + "/action", "{\"os-update_readonly_flag\": {\"readonly\": true}}").status());
        JsonNode shown = http.get(path + id).json().get("volume");
        assertEquals("true", shown.get("bootable").asText());
        assertEquals("True", shown.get("metadata").get("readonly").asText());
        assertEquals(400, http.post(path + id + "/action", "{\"os-set_bootable\": {\"bootable\": \"maybe\"}}").status());
        assertEquals(400, http.post(path + id + "/action", "{\"os-frobnicate\": {}}").status());

        Http.Reply memberReset = http.post(path + id + "/action", "{\"os-reset_status\": {\"status\": \"error\"}}");
        assertEquals(403, memberReset.status());
        assertTrue(memberReset.body(), memberReset.body().contains("forbidden"));
        Http admin = client("root", PROJECT + ":admin");
        assertEquals(202, admin.post(path + id + "/action", "{\"os-reset_status\": {\"status\": \"error\"}}").status());
        assertEquals(VolumeStatus.ERROR, store.find(id).orElseThrow().status());
        assertEquals(400, admin.post(path + id + "/action", "{\"os-reset_status\": {\"status\": \"bogus\"}}").status());
        assertEquals(403, http.post(path + id + "/action", "{\"os-force_delete\": {}}").status());
        assertEquals(202, admin.post(path + id + "/action", "{\"os-force_delete\": {}}").status());
        awaitGone(id, 60);
        assertFalse(Files.exists(file));
    }

    @Test
    public void quotasHoldUnderConcurrentCreatesAndRefuseClearly() throws Exception {
        String project = "quota-it";
        Http admin = new Http(ENDPOINT, "admin:" + project);
        Http member = client("quincy", project);
        String quotaPath = "/v3/" + project + "/os-quota-sets/" + project;
        assertEquals(10, member.get(quotaPath).json().get("quota_set").get("volumes").asInt());
        Http.Reply refusedMember = member.call("PUT", quotaPath, "{\"quota_set\": {\"volumes\": 3}}");
        assertEquals(refusedMember.body(), 403, refusedMember.status());
        Http.Reply set = admin.call("PUT", quotaPath, "{\"quota_set\": {\"volumes\": 3}}");
        assertEquals(set.body(), 200, set.status());
        assertEquals(3, set.json().get("quota_set").get("volumes").asInt());

        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Http.Reply> replies = new ArrayList<>();
        try {
            List<Future<Http.Reply>> creates = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                creates.add(clients.submit(() -> member.post("/v3/" + project + "/volumes", createBody(1, null))));
            }
            for (Future<Http.Reply> create : creates) {
                replies.add(create.get());
            }
        } finally {
            clients.shutdownNow();
        }
        List<String> ids = new ArrayList<>();
        int refused = 0;
        for (Http.Reply reply : replies) {
            if (reply.status() == 202) {
                ids.add(reply.json().get("volume").get("id").asText());
            } else {
                assertEquals(reply.body(), 413, reply.status());
                assertEquals("Maximum number of volumes allowed (3) exceeded for quota 'volumes'.",
                        reply.json().get("overLimit").get("message").asText());
                refused++;
            }
        }
        assertEquals("exactly the quota is created: " + replies, 3, ids.size());
        assertEquals(7, refused);
        assertEquals(3, member.get("/v3/" + project + "/volumes").json().get("volumes").size());

        JsonNode usage = member.get(quotaPath + "?usage=True").json().get("quota_set");
        assertEquals(3, usage.get("volumes").get("in_use").asInt());
        assertEquals(3, usage.get("volumes").get("limit").asInt());
        assertEquals(3, usage.get("gigabytes").get("in_use").asInt());
        JsonNode absolute = member.get("/v3/" + project + "/limits").json().get("limits").get("absolute");
        assertEquals(3, absolute.get("maxTotalVolumes").asInt());
        assertEquals(3, absolute.get("totalVolumesUsed").asInt());
        assertEquals(3, absolute.get("totalGigabytesUsed").asInt());

        Http.Reply belowUsage = admin.call("PUT", quotaPath, "{\"quota_set\": {\"volumes\": 2}}");
        assertEquals(belowUsage.body(), 400, belowUsage.status());
        assertTrue(belowUsage.body(), belowUsage.body().contains("limit must be equal or greater than existing resources. Current usage is"));
        Http.Reply badKey = admin.call("PUT", quotaPath, "{\"quota_set\": {\"volumez\": 2}}");
        assertEquals(badKey.body(), 400, badKey.status());
        assertTrue(badKey.body(), badKey.body().contains("Bad key(s) in quota set: volumez"));
        Http.Reply perVolume = admin.call("PUT", quotaPath, "{\"quota_set\": {\"per_volume_gigabytes\": 1}}");
        assertEquals(perVolume.body(), 200, perVolume.status());
        for (String id : ids) {
            awaitStatus(id, VolumeStatus.AVAILABLE, 60);
        }
        Http.Reply tooBig = member.post("/v3/" + project + "/volumes/" + ids.get(0) + "/action",
                "{\"os-extend\": {\"new_size\": 2}}");
        assertEquals(tooBig.body(), 413, tooBig.status());
        assertEquals(VolumeStatus.AVAILABLE, store.find(ids.get(0)).orElseThrow().status());

        for (String id : ids) {
            assertEquals(202, member.delete("/v3/" + project + "/volumes/" + id).status());
        }
        for (String id : ids) {
            await("volume " + id + " deleted", 60, () -> store.find(id).isEmpty());
        }
        assertEquals("usage is counted from what exists", 0,
                member.get(quotaPath + "?usage=True").json().get("quota_set").get("volumes").get("in_use").asInt());
        assertEquals(200, admin.delete(quotaPath).status());
        assertEquals(10, member.get(quotaPath).json().get("quota_set").get("volumes").asInt());
    }

    /**
     * Every operation of the served OpenAPI description reaches a resource of the endpoint: with
     * made-up ids and an empty body the answer is the resource's own (a 404 naming the resource, a
     * 400 about the body…), never the router's "Not Found." or a 405.
     */
    @Test
    public void everyDocumentedOperationIsServed() throws Exception {
        Http.Reply document = new Http(ENDPOINT, null).get("/openapi.json");
        assertEquals(200, document.status());
        Http admin = new Http(ENDPOINT, "admin:openapi-it", "volume 3.71");
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.json().get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            String concrete = path.getKey().replace("{project_id}", "openapi-it").replace("{action}", "enable")
                    .replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase();
                Http.Reply reply = admin.call(method, concrete, method.equals("GET") || method.equals("DELETE") ? null : "{}");
                String where = method + " " + concrete + ": " + reply.status() + " " + reply.body();
                assertTrue(where, reply.status() != 405 && reply.status() < 500);
                assertTrue(where, !reply.body().contains("\"message\":\"Not Found.\"")
                        && !reply.body().contains("The resource could not be found."));
                operations++;
            }
        }
        assertTrue("the description names the whole API: " + operations, operations > 70);
    }

    @Test
    public void unknownListFiltersAreRefusedFrom333AsCinderDoes() throws Exception {
        Http.Reply before = http.get("/v3/" + PROJECT + "/volumes?colour=blue");
        assertEquals(before.body(), 200, before.status());
        Http at333 = new Http(ENDPOINT, "alice:" + PROJECT, "volume 3.33");
        Http.Reply refused = at333.get("/v3/" + PROJECT + "/volumes?colour=blue&limit=5");
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("Invalid input received: Invalid filters colour are found in query options.",
                refused.json().get("badRequest").get("message").asText());
        assertEquals(200, at333.get("/v3/" + PROJECT + "/volumes?name~=da&status=available&limit=5").status());
        assertEquals(400, at333.get("/v3/" + PROJECT + "/snapshots?size=1").status());
        JsonNode filters = at333.get("/v3/" + PROJECT + "/resource_filters?resource=volume").json().get("resource_filters");
        assertEquals(1, filters.size());
        assertTrue(filters.get(0).get("filters").toString().contains("availability_zone"));
    }

    /** Bad input to types, QoS specs, default types, quotas, services and messages: Cinder's 4xx, and nothing written. */
    @Test
    public void badInputToTheNewerResourcesChangesNothing() throws Exception {
        Http admin = new Http(ENDPOINT, "admin:bad-it", "volume 3.71");
        String base = "/v3/bad-it";
        int typesBefore = admin.get(base + "/types?is_public=none").json().get("volume_types").size();
        int[] statuses = {
            admin.post(base + "/types", "{\"volume_type\": {}}").status(),
            admin.post(base + "/types", "{\"volume_type\": {\"name\": \"   \"}}").status(),
            admin.post(base + "/types", "{\"volume_type\": {\"name\": \"t\", \"os-volume-type-access:is_public\": \"maybe\"}}")
                    .status(),
            admin.post(base + "/types", "{\"volume_type\": {\"name\": \"t\", \"extra_specs\": {\"k\": 1}}}").status(),
            admin.post(base + "/types", "[]").status(),
            admin.post(base + "/qos-specs", "{\"qos_specs\": {\"name\": \"q\", \"consumer\": \"nowhere\"}}").status(),
            admin.post(base + "/qos-specs", "{\"qos_specs\": {}}").status(),
            admin.call("PUT", base + "/default-types/bad-it", "{\"default_type\": {}}").status(),
            admin.call("PUT", base + "/os-quota-sets/bad-it", "{\"quota_set\": {\"volumes\": -2}}").status(),
            admin.call("PUT", base + "/os-quota-sets/bad-it", "{\"quota_set\": {\"volumes\": \"ten\"}}").status(),
            admin.call("PUT", base + "/os-services/disable", "{\"host\": \"nowhere@none\", \"binary\": \"cinder-volume\"}")
                    .status(),
            admin.call("PUT", base + "/os-services/disable-log-reason",
                    "{\"host\": \"nowhere@none\", \"binary\": \"cinder-volume\"}").status(),
            admin.delete(base + "/messages/00000000-0000-0000-0000-000000000000").status(),
            admin.post(base + "/volumes", createBody(1, "\"volume_type\": \"no-such-type\"")).status(),
            admin.call("PUT", base + "/os-quota-sets/" + "p".repeat(300), "{\"quota_set\": {\"volumes\": 5}}").status()};
        assertEquals(List.of(400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 404, 400, 404, 404, 400),
                Arrays.stream(statuses).boxed().toList());
        assertEquals(typesBefore, admin.get(base + "/types?is_public=none").json().get("volume_types").size());
        assertEquals(0, admin.get(base + "/qos-specs").json().get("qos_specs").size());
        assertEquals(10, admin.get(base + "/os-quota-sets/bad-it").json().get("quota_set").get("volumes").asInt());
        assertEquals(0, admin.get(base + "/volumes").json().get("volumes").size());
        assertEquals(404, new Http(ENDPOINT, "admin:bad-it", "volume 3.61").get(base + "/default-types").status());
    }

    /**
     * The operators' routes of later microversions on the running distribution: clusters (3.7),
     * workers cleanup (3.24) and the log levels of Karaf's log service (3.32), for administrators only.
     */
    @Test
    public void clustersWorkersCleanupAndLogLevelsServeAdministrators() throws Exception {
        Http admin = new Http(ENDPOINT, "admin:ops-it", "volume 3.71");
        String base = "/v3/ops-it";
        assertEquals(404, new Http(ENDPOINT, "admin:ops-it", "volume 3.6").get(base + "/clusters").status());
        assertEquals(403, new Http(ENDPOINT, "alice:ops-it", "volume 3.71").get(base + "/clusters").status());

        JsonNode clusters = admin.get(base + "/clusters/detail").json().get("clusters");
        JsonNode cluster = null;
        for (JsonNode candidate : clusters) {
            if (candidate.get("name").asText().endsWith("@nfs-default")) {
                cluster = candidate;
            }
        }
        assertTrue(clusters.toString(), cluster != null);
        String name = cluster.get("name").asText();
        assertEquals(clusters.toString(), "up", cluster.get("state").asText());
        assertEquals(1, cluster.get("num_hosts").asInt());
        assertEquals(0, cluster.get("num_down_hosts").asInt());
        assertEquals(400, admin.get(base + "/clusters?colour=blue").status());
        assertEquals(0, admin.get(base + "/clusters?is_up=false").json().get("clusters").size());
        Http.Reply disabled = admin.call("PUT", base + "/clusters/disable", "{\"name\": \"" + name
                + "\", \"disabled_reason\": \"maintenance window\"}");
        assertEquals(disabled.body(), 200, disabled.status());
        try {
            assertEquals("disabled", admin.get(base + "/clusters/" + name).json().get("cluster").get("status").asText());
            JsonNode services = admin.get(base + "/os-services?binary=cinder-volume").json().get("services");
            assertTrue(services.toString(), services.toString().contains("maintenance window"));
        } finally {
            assertEquals(200, admin.call("PUT", base + "/clusters/enable", "{\"name\": \"" + name + "\"}").status());
        }
        assertEquals("enabled", admin.get(base + "/clusters/" + name).json().get("cluster").get("status").asText());
        assertEquals(404, admin.get(base + "/clusters/nowhere@none").status());

        // Nothing is down: the default cleanup (services that are down) selects nothing, is_up the running ones.
        Http.Reply none = admin.post(base + "/workers/cleanup", "{}");
        assertEquals(none.body(), 202, none.status());
        assertEquals(0, none.json().get("cleaning").size() + none.json().get("unavailable").size());
        Http.Reply up = admin.post(base + "/workers/cleanup", "{\"is_up\": true, \"binary\": \"cinder-volume\"}");
        assertEquals(up.body(), 202, up.status());
        assertTrue(up.body(), up.json().get("cleaning").toString().contains("@nfs-default"));
        assertEquals(400, admin.post(base + "/workers/cleanup", "{\"binary\": \"cinder-api\"}").status());
        assertEquals(403, new Http(ENDPOINT, "alice:ops-it", "volume 3.71").post(base + "/workers/cleanup", "{}").status());

        // Log levels through Karaf's log service, read back as Cinder's level names.
        assertEquals(404, new Http(ENDPOINT, "admin:ops-it", "volume 3.31").call("PUT", base + "/os-services/get-log",
                "{}").status());
        assertEquals(400, admin.call("PUT", base + "/os-services/set-log", "{\"level\": \"LOUD\"}").status());
        Http.Reply set = admin.call("PUT", base + "/os-services/set-log",
                "{\"binary\": \"cinder-scheduler\", \"level\": \"debug\"}");
        assertEquals(set.body(), 202, set.status());
        try {
            JsonNode levels = admin.call("PUT", base + "/os-services/get-log", "{\"binary\": \"cinder-scheduler\"}")
                    .json().get("log_levels");
            assertEquals(levels.toString(), 1, levels.size());
            assertEquals(levels.toString(), "DEBUG", levels.get(0).get("levels").get("org.scoria.scheduler").asText());
        } finally {
            assertEquals(202, admin.call("PUT", base + "/os-services/set-log",
                    "{\"binary\": \"cinder-scheduler\", \"level\": \"INFO\"}").status());
        }
        JsonNode restored = admin.call("PUT", base + "/os-services/get-log", "{\"binary\": \"cinder-scheduler\","
                + " \"prefix\": \"org.scoria.scheduler\"}").json().get("log_levels");
        assertEquals(restored.toString(), "INFO", restored.get(0).get("levels").get("org.scoria.scheduler").asText());
    }
}
