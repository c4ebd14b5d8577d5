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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of GET /v3/{project}/volumes/detail with many volumes in the project, paged and
 * unpaged, measured by one client one request at a time.
 *
 *   java bench/VolumeListLatency.java [--endpoint http://127.0.0.1:8776] [--volumes 1000]
 *                                     [--page 100] [--samples 200] [--project list-bench]
 *
 * Creates the volumes (10 clients), waits until the list shows them all, samples the first
 * page, a page reached by marker, and the whole list, then deletes the volumes.
 */
public class VolumeListLatency {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final String endpoint;
    private final String project;

    VolumeListLatency(String endpoint, String project) {
        this.endpoint = endpoint;
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        String endpoint = option(args, "--endpoint", "http://127.0.0.1:8776");
        int volumes = Integer.parseInt(option(args, "--volumes", "1000"));
        int page = Integer.parseInt(option(args, "--page", "100"));
        int samples = Integer.parseInt(option(args, "--samples", "200"));
        VolumeListLatency bench = new VolumeListLatency(endpoint, option(args, "--project", "list-bench"));
        List<String> ids = bench.createAll(volumes);
        String base = "/v3/" + bench.project + "/volumes/detail";
        String middle = ids.get(ids.size() / 2);
        bench.measure("first page of " + page, base + "?limit=" + page, samples);
        bench.measure("page of " + page + " after a marker", base + "?limit=" + page + "&marker=" + middle, samples);
        bench.measure("unpaged (" + volumes + ")", base, Math.max(20, samples / 5));
        bench.deleteAll(ids);
    }

    void measure(String what, String path, int samples) throws IOException {
        for (int i = 0; i < 10; i++) {
            call("GET", path, null);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            String[] reply = call("GET", path, null);
            millis.add((System.nanoTime() - t0) / 1e6);
            if (!reply[0].equals("200")) {
                throw new IllegalStateException(path + " answered " + reply[0]);
            }
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "GET detail, %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)%n", what,
                percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1), samples);
    }

    List<String> createAll(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            creates.add(pool.submit(() -> {
                String[] reply = call("POST", "/v3/" + project + "/volumes", "{\"volume\": {\"size\": 1, \"name\": \"list-" + n + "\"}}");
                if (!reply[0].equals("202")) {
                    throw new IllegalStateException("create answered " + reply[0] + ": " + reply[1]);
                }
                Matcher matcher = ID.matcher(reply[1]);
                matcher.find();
                return matcher.group(1);
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> create : creates) {
            ids.add(create.get());
        }
        pool.shutdown();
        while (call("GET", "/v3/" + project + "/volumes/detail?status=available&limit=1000", null)[1]
                .split("\"status\": ?\"available\"", -1).length - 1 < count) {
            Thread.sleep(500);
        }
        return ids;
    }

    void deleteAll(List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<?>> deletes = new ArrayList<>();
        for (String id : ids) {
            deletes.add(pool.submit(() -> call("DELETE", "/v3/" + project + "/volumes/" + id, null)));
        }
        for (Future<?> delete : deletes) {
            delete.get();
        }
        pool.shutdown();
    }

    private String[] call(String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(endpoint + path).openConnection();
        connection.setRequestMethod(method);
        connection.setRequestProperty("X-Auth-Token", "bench:" + project);
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

    private static double percentile(List<Double> sorted, int p) {
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
