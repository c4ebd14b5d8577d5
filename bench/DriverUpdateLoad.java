import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Updates the NFS driver bundle under a steady request rate and reports what the updates cost.
 * Requests are creates and deletes of 1 GiB volumes, alternating, at --rate per second (a delete
 * takes the oldest available volume; with none, a create goes instead). Each request's latency
 * runs from just before its POST or DELETE to the first poll of the volume list that shows it
 * done (available, or gone), so it includes up to one poll interval.
 *
 *   java bench/DriverUpdateLoad.java --karaf-home DIR [--endpoint http://127.0.0.1:8776] [--rate 50]
 *        [--warmup 10] [--steady 40] [--updates 10] [--update-every 5] [--poll-ms 100] [--project bench-update]
 *
 * Phases: warm-up (not counted), steady (no update), updates (bundle:update scoria-driver-nfs every
 * --update-every seconds, through bin/client), then the load stops and every request must settle.
 * Reports: requests sent, failed (an HTTP error or a volume in error), lost (not settled 120 s
 * after the load), the backend's queue pauses (from the volume manager's log: "pauses its queue" to
 * the next "served by driver"), and latency percentiles of the steady and update phases.
 */
public class DriverUpdateLoad {

    /** A volume's id or status; the list's fields are in name order, so a status follows its volume's id. */
    private static final Pattern FIELD = Pattern.compile("\"(id|status)\"\\s*:\\s*\"([0-9a-z_-]+)\"");
    private static final Pattern CREATED_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");

    /** One request in flight: what it waits for and when it was sent. */
    private record Pending(String kind, long sentNanos, String phase) {
    }

    private final String endpoint;
    private final String project;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> available = new ConcurrentLinkedQueue<>();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile String phase = "warmup";
    private volatile boolean createNext = true;

    DriverUpdateLoad(String endpoint, String project) {
        this.endpoint = endpoint;
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--endpoint", "http://127.0.0.1:8776", "--rate", "50",
                "--warmup", "10", "--steady", "40", "--updates", "10", "--update-every", "5", "--poll-ms", "100",
                "--project", "bench-update"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--karaf-home")) {
            throw new IllegalArgumentException("--karaf-home is required");
        }
        DriverUpdateLoad load = new DriverUpdateLoad(options.get("--endpoint"), options.get("--project"));
        load.run(Path.of(options.get("--karaf-home")), Integer.parseInt(options.get("--rate")),
                Integer.parseInt(options.get("--warmup")), Integer.parseInt(options.get("--steady")),
                Integer.parseInt(options.get("--updates")), Integer.parseInt(options.get("--update-every")),
                Integer.parseInt(options.get("--poll-ms")));
    }

    void run(Path karafHome, int rate, int warmup, int steady, int updates, int updateEvery, int pollMillis)
            throws Exception {
        HttpResponse<String> quota = call("PUT", "/v3/" + project + "/os-quota-sets/" + project, "admin:" + project,
                "{\"quota_set\": {\"volumes\": -1, \"gigabytes\": -1}}");
        if (quota.statusCode() != 200) {
            throw new IOException("Could not lift the quota of " + project + ": " + quota.statusCode() + " " + quota.body());
        }
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        timers.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        timers.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);

        Thread.sleep(warmup * 1000L);
        phase = "steady";
        Thread.sleep(steady * 1000L);
        phase = "updates";
        long updateStart = System.currentTimeMillis();
        for (int i = 1; i <= updates; i++) {
            long began = System.nanoTime();
            Process client = new ProcessBuilder(karafHome.resolve("bin/client").toString(), "-u", "karaf", "-p", "karaf",
                    "-r", "10", "bundle:update scoria-driver-nfs").redirectErrorStream(true).start();
            client.getInputStream().readAllBytes();
            if (client.waitFor() != 0) {
                throw new IOException("bundle:update failed with " + client.exitValue());
            }
            System.out.printf(Locale.ROOT, "update %d issued (%.1f s for bin/client)%n", i,
                    (System.nanoTime() - began) / 1e9);
            Thread.sleep(Math.max(0, updateEvery * 1000L - (System.nanoTime() - began) / 1_000_000));
        }
        Thread.sleep(updateEvery * 1000L);
        phase = "tail";
        timers.shutdown();
        timers.awaitTermination(10, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            poll();
            Thread.sleep(pollMillis);
        }
        System.out.printf(Locale.ROOT, "rate %d requests/s; %d updates every %d s%n", rate, updates, updateEvery);
        System.out.printf(Locale.ROOT, "requests sent: %d, failed: %d, lost (not settled 120 s after the load): %d%n",
                sent.get(), failed.get(), pending.size());
        failures.stream().limit(10).forEach(failure -> System.out.println("  failure: " + failure));
        printLatencies("steady (no update)", latencies.getOrDefault("steady", List.of()));
        printLatencies("during updates", latencies.getOrDefault("updates", List.of()));
        List<Long> pauses = pauses(karafHome.resolve("data/log/karaf.log"), updateStart);
        System.out.printf(Locale.ROOT, "queue pauses seen in the log: %d, longest %.3f s, mean %.3f s%n", pauses.size(),
                pauses.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0,
                pauses.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0);
    }

    /** One request: a delete of the oldest available volume every other time, else a create. */
    private void sendOne() {
        String requestPhase = phase;
        if (requestPhase.equals("tail")) {
            return;
        }
        boolean create = createNext;
        createNext = !createNext;
        String victim = create ? null : available.poll();
        long began = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", "bench:" + project);
        if (victim == null) {
            request.uri(URI.create(endpoint + "/v3/" + project + "/volumes")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"volume\": {\"size\": 1}}"));
        } else {
            request.uri(URI.create(endpoint + "/v3/" + project + "/volumes/" + victim)).DELETE();
            pending.put(victim, new Pending("delete", began, requestPhase));
        }
        sent.incrementAndGet();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 202) {
                failed.incrementAndGet();
                failures.add((victim == null ? "create" : "delete " + victim) + ": "
                        + (error != null ? error.toString() : response.statusCode() + " " + response.body()));
                if (victim != null) {
                    pending.remove(victim);
                }
                return;
            }
            if (victim == null) {
                Matcher id = CREATED_ID.matcher(response.body());
                if (id.find()) {
                    pending.put(id.group(1), new Pending("create", began, requestPhase));
                }
            }
        });
    }

    /** Reads the project's volumes once and settles the requests that are done. */
    private void poll() {
        try {
            HttpResponse<String> list = call("GET", "/v3/" + project + "/volumes/detail?limit=1000", "bench:" + project,
                    null);
            if (list.statusCode() != 200) {
                failures.add("poll: " + list.statusCode() + " " + list.body());
                return;
            }
            String body = list.body();
            Map<String, String> statuses = new HashMap<>();
            Matcher field = FIELD.matcher(body);
            String id = null;
            while (field.find()) {
                if (field.group(1).equals("id")) {
                    id = field.group(2);
                } else if (id != null) {
                    statuses.put(id, field.group(2));
                }
            }
            long now = System.nanoTime();
            for (Map.Entry<String, Pending> entry : pending.entrySet()) {
                String volumeId = entry.getKey();
                Pending request = entry.getValue();
                String status = statuses.get(volumeId);
                boolean done = request.kind().equals("create") ? "available".equals(status) : status == null;
                if (status != null && status.startsWith("error")) {
                    failed.incrementAndGet();
                    failures.add(request.kind() + " " + volumeId + ": " + status);
                    pending.remove(volumeId);
                } else if (done) {
                    pending.remove(volumeId);
                    latencies.computeIfAbsent(request.phase(), key -> Collections.synchronizedList(new ArrayList<>()))
                            .add(now - request.sentNanos());
                    if (request.kind().equals("create")) {
                        available.add(volumeId);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            failures.add("poll: " + e);
        }
    }

    private HttpResponse<String> call(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void printLatencies(String label, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(label + ": no request settled");
            return;
        }
        System.out.printf(Locale.ROOT, "latency %s: %d requests, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                label, sorted.size(), percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /** The gaps in the log between a backend pausing its queue and a driver serving it again, in ms. */
    private static List<Long> pauses(Path log, long sinceMillis) throws IOException {
        List<Long> pauses = new ArrayList<>();
        Long pausedAt = null;
        for (String line : Files.readAllLines(log)) {
            if (line.length() < 23 || !(line.contains("pauses its queue") || line.contains("served by driver"))) {
                continue;
            }
            long at = LocalDateTime.parse(line.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault())
                    .toInstant().toEpochMilli();
            if (at < sinceMillis) {
                continue;
            }
            if (line.contains("pauses its queue")) {
                pausedAt = at;
            } else if (pausedAt != null) {
                pauses.add(at - pausedAt);
                pausedAt = null;
            }
        }
        return pauses;
    }
}
