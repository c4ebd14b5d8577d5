import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scoria's load generator. Create load: N clients create volumes over the Cinder API and each
 * waits for its volume to become available, then every volume is deleted. List latency (with
 * --list-volumes M): M volumes are created, then one client times GET .../volumes/detail paged
 * (first page, and a page after a marker) and unpaged, one request at a time.
 *
 *   java bench/VolumeLoad.java [--endpoint http://127.0.0.1:8776] [--clients 10] [--volumes 100]
 *                              [--warmup 20] [--project bench] [--poll-ms 20] [--type NAME]
 *                              [--list-volumes 0] [--page 100] [--samples 200] [--from-snapshot 0]
 *
 * Reports throughput (volumes / wall time from the first POST to the last "available") and the
 * create-to-available latency percentiles, each latency measured from just before the POST to
 * the first poll that saw "available" (so it includes up to one poll interval). With
 * --from-snapshot N, a volume is snapshotted and N volumes are created from the snapshot one at a
 * time, for the create-from-snapshot latency. --type creates every volume with that volume type.
 *
 * Attach latency (with --attach-cycles N, instead of the create load): one volume, then N cycles,
 * one at a time after --attach-warmup cycles (default 10), of attach as Nova drives it (POST
 * /attachments with a connector, which exports the volume through a synchronous call to its
 * backend, then os-complete) and detach (DELETE of the attachment, which ends the export); p50/p95
 * of attach, of the export alone, and of detach.
 */
public class VolumeLoad {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_-]+)\"");

    private final String endpoint;
    private final String project;
    private final int pollMillis;
    /** The fields every created volume has besides those of its kind of create. */
    private final String commonFields;
    /** The microversion requests ask for, or {@code null} for none (3.0). */
    private final String apiVersion;

    VolumeLoad(String endpoint, String project, int pollMillis, String type, String apiVersion) {
        this.endpoint = endpoint;
        this.project = project;
        this.pollMillis = pollMillis;
        this.apiVersion = apiVersion;
        this.commonFields = "\"size\": 1" + (type == null ? "" : ", \"volume_type\": \"" + type + "\"");
    }

    public static void main(String[] args) throws Exception {
        String endpoint = option(args, "--endpoint", "http://127.0.0.1:8776");
        int clients = Integer.parseInt(option(args, "--clients", "10"));
        int volumes = Integer.parseInt(option(args, "--volumes", "100"));
        int warmup = Integer.parseInt(option(args, "--warmup", "20"));
        String project = option(args, "--project", "bench");
        int pollMillis = Integer.parseInt(option(args, "--poll-ms", "20"));
        int attachCycles = Integer.parseInt(option(args, "--attach-cycles", "0"));
        String type = option(args, "--type", null);
        VolumeLoad load = new VolumeLoad(endpoint, project, pollMillis, type, attachCycles > 0 ? "volume 3.54" : null);
        // Cinder's default quota is 10 volumes a project: lift it for the bench project, as an administrator.
        String[] lifted = load.callAs("admin:" + project + ":admin", "PUT", "/v3/" + project + "/os-quota-sets/" + project,
                "{\"quota_set\": {\"volumes\": -1, \"snapshots\": -1, \"gigabytes\": -1}}");
        if (!lifted[0].equals("200")) {
            System.out.println("could not lift the bench project's quota: " + lifted[0] + " " + lifted[1]);
            System.exit(1);
        }
        if (attachCycles > 0) {
            load.attachCycles(attachCycles, Integer.parseInt(option(args, "--attach-warmup", "10")), type);
            return;
        }
        if (warmup > 0) {
            Result warm = load.run(clients, warmup);
            System.out.printf(Locale.ROOT, "warm-up: %d volumes, %d failed%n", warmup, warm.failures());
            load.deleteAll(clients, warm.ids());
        }
        Result result = load.run(clients, volumes);
        List<Long> sorted = new ArrayList<>(result.latenciesMillis());
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf(Locale.ROOT, "no volume became available (%d failed)%n", result.failures());
            System.exit(1);
        }
        double seconds = result.wallNanos() / 1e9;
        System.out.printf(Locale.ROOT, "volumes: %d by %d clients, failed: %d%n", volumes, clients, result.failures());
        System.out.printf(Locale.ROOT, "throughput: %.1f volumes/s (%.2f s wall)%n", sorted.size() / seconds, seconds);
        System.out.printf(Locale.ROOT, "create-to-available ms: p50 %d, p95 %d, p99 %d, max %d%n",
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        long deleteStart = System.nanoTime();
        load.deleteAll(clients, result.ids());
        System.out.printf(Locale.ROOT, "deleted all in %.2f s%n", (System.nanoTime() - deleteStart) / 1e9);
        if (result.failures() > 0) {
            System.exit(1);
        }
        int fromSnapshot = Integer.parseInt(option(args, "--from-snapshot", "0"));
        if (fromSnapshot > 0) {
            load.createFromSnapshot(fromSnapshot);
        }
        int listVolumes = Integer.parseInt(option(args, "--list-volumes", "0"));
        if (listVolumes > 0) {
            int page = Integer.parseInt(option(args, "--page", "100"));
            int samples = Integer.parseInt(option(args, "--samples", "200"));
            Result listed = load.run(clients, listVolumes);
            String detail = "/v3/" + project + "/volumes/detail";
            load.time("first page of " + page, detail + "?limit=" + page, samples);
            load.time("page of " + page + " after a marker",
                    detail + "?limit=" + page + "&marker=" + listed.ids().get(listed.ids().size() / 2), samples);
            load.time("unpaged (" + listVolumes + ")", detail, Math.max(20, samples / 5));
            load.deleteAll(clients, listed.ids());
        }
    }

    /** Times one GET, one request at a time, after a short warm-up. */
    void time(String what, String path, int samples) throws IOException {
        for (int i = 0; i < 10; i++) {
            call("GET", path, null);
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            String[] reply = call("GET", path, null);
            micros.add((System.nanoTime() - t0) / 1000);
            if (!reply[0].equals("200")) {
                throw new IllegalStateException(path + " answered " + reply[0]);
            }
        }
        System.out.printf(Locale.ROOT, "GET detail, %s: %s (%d samples)%n", what, latencies(micros), samples);
    }

    /** p50, p95 and max of latencies in microseconds, in milliseconds. */
    private static String latencies(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms", percentile(sorted, 50) / 1000.0,
                percentile(sorted, 95) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static final String CONNECTOR = "{\"host\": \"bench-compute\", \"ip\": \"127.0.0.1\","
            + " \"initiator\": \"iqn.1993-08.org.debian:01:bench\", \"multipath\": false}";

    /** Attach and detach cycles on one fresh volume, one at a time, after a warm-up; then the volume is deleted. */
    void attachCycles(int cycles, int warmup, String type) throws Exception {
        String volume = run(1, 1, "").ids().get(0);
        attachCycles(volume, warmup, null, null, null);
        List<Long> attach = new ArrayList<>();
        List<Long> export = new ArrayList<>();
        List<Long> detach = new ArrayList<>();
        attachCycles(volume, cycles, attach, export, detach);
        System.out.printf(Locale.ROOT, "attach/detach cycles: %d on one %s volume, after %d warm-up cycles%n", cycles,
                type == null ? "default-type" : type, warmup);
        System.out.println("attach (create with connector + os-complete): " + latencies(attach));
        System.out.println("  of which the export (create with connector): " + latencies(export));
        System.out.println("detach (delete, export ended): " + latencies(detach));
        deleteAll(1, List.of(volume));
    }

    /** Attaches and detaches the volume {@code count} times, recording the latencies (in µs) unless the lists are null. */
    private void attachCycles(String volume, int count, List<Long> attach, List<Long> export, List<Long> detach)
            throws IOException {
        String attachments = "/v3/" + project + "/attachments";
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            String[] created = call("POST", attachments, "{\"attachment\": {\"volume_uuid\": \"" + volume
                    + "\", \"connector\": " + CONNECTOR + "}}");
            long exported = System.nanoTime();
            require(created, "200");
            String attachment = first(ID, created[1]);
            require(call("POST", attachments + "/" + attachment + "/action", "{\"os-complete\": null}"), "204");
            long attached = System.nanoTime();
            require(call("DELETE", attachments + "/" + attachment, null), "200");
            long detached = System.nanoTime();
            if (attach != null) {
                attach.add((attached - start) / 1_000);
                export.add((exported - start) / 1_000);
                detach.add((detached - attached) / 1_000);
            }
        }
    }

    private static void require(String[] reply, String status) {
        if (!reply[0].equals(status)) {
            throw new IllegalStateException("expected " + status + ", got " + reply[0] + ": " + reply[1]);
        }
    }

    /** Snapshots a fresh volume and times creates from the snapshot, one at a time; then removes them all. */
    void createFromSnapshot(int volumes) throws Exception {
        Result source = run(1, 1, "");
        String volumeId = source.ids().get(0);
        String[] snapshot = call("POST", "/v3/" + project + "/snapshots", "{\"snapshot\": {\"volume_id\": \"" + volumeId + "\"}}");
        if (!snapshot[0].equals("202")) {
            throw new IllegalStateException("snapshot create answered " + snapshot[0] + ": " + snapshot[1]);
        }
        String snapshotId = first(ID, snapshot[1]);
        String status = "creating";
        while (status.equals("creating")) {
            Thread.sleep(pollMillis);
            status = first(STATUS, call("GET", "/v3/" + project + "/snapshots/" + snapshotId, null)[1]);
        }
        Result clones = run(1, volumes, ", \"snapshot_id\": \"" + snapshotId + "\"");
        List<Long> sorted = new ArrayList<>(clones.latenciesMillis());
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "create-from-snapshot ms (%d, one at a time, %d failed): p50 %d, p95 %d, max %d%n",
                volumes, clones.failures(), percentile(sorted, 50), percentile(sorted, 95), sorted.get(sorted.size() - 1));
        deleteAll(1, clones.ids());
        call("DELETE", "/v3/" + project + "/snapshots/" + snapshotId, null);
        while (!call("GET", "/v3/" + project + "/snapshots/" + snapshotId, null)[0].equals("404")) {
            Thread.sleep(50);
        }
        deleteAll(1, source.ids());
    }

    record Result(List<String> ids, List<Long> latenciesMillis, int failures, long wallNanos) {
    }

    Result run(int clients, int volumes) throws Exception {
        return run(clients, volumes, "");
    }

    /** Creates volumes with {@code fields} added to the common ones, each client waiting for its volume. */
    Result run(int clients, int volumes, String fields) throws Exception {
        String body = "{\"volume\": {" + commonFields + fields + "}}";
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < volumes) {
                    long t0 = System.nanoTime();
                    try {
                        String[] reply = call("POST", "/v3/" + project + "/volumes", body);
                        if (!reply[0].equals("202")) {
                            failures.incrementAndGet();
                            System.err.println("create answered " + reply[0] + ": " + reply[1]);
                            continue;
                        }
                        String id = first(ID, reply[1]);
                        ids.add(id);
                        String status = "creating";
                        while (status.equals("creating")) {
                            Thread.sleep(pollMillis);
                            status = first(STATUS, call("GET", "/v3/" + project + "/volumes/" + id, null)[1]);
                        }
                        if (status.equals("available")) {
                            latencies.add((System.nanoTime() - t0) / 1_000_000);
                        } else {
                            failures.incrementAndGet();
                            System.err.println("volume " + id + " went to " + status);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.err.println("client error: " + e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        return new Result(ids, latencies, failures.get(), wall);
    }

    void deleteAll(int clients, List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> deletes = new ArrayList<>();
        for (String id : ids) {
            deletes.add(pool.submit(() -> {
                call("DELETE", "/v3/" + project + "/volumes/" + id, null);
                while (!call("GET", "/v3/" + project + "/volumes/" + id, null)[0].equals("404")) {
                    Thread.sleep(50);
                }
                return null;
            }));
        }
        for (Future<?> delete : deletes) {
            delete.get();
        }
        pool.shutdown();
    }

    private String[] call(String method, String path, String body) throws IOException {
        return callAs("bench:" + project, method, path, body);
    }

    private String[] callAs(String token, String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(endpoint + path).openConnection();
        connection.setRequestMethod(method);
        connection.setRequestProperty("X-Auth-Token", token);
        if (apiVersion != null) {
            connection.setRequestProperty("OpenStack-API-Version", apiVersion);
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(status), text};
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
