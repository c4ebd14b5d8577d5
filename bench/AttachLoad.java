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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attach and detach latency over the attachments API, as Nova drives it: one volume, then N
 * cycles of attach (POST /attachments with a connector, which exports the volume through a
 * synchronous call to its backend, then os-complete) and detach (DELETE of the attachment,
 * which ends the export), one cycle at a time, after a warm-up.
 *
 *   java bench/AttachLoad.java [--endpoint http://127.0.0.1:8776] [--cycles 100] [--warmup 10]
 *                              [--project bench] [--type NAME]
 *
 * Reports p50/p95/max of attach (from before the POST to the 204 of os-complete) and of detach
 * (the DELETE's round trip: the volume is available when it returns), and of the export call
 * alone (the POST with a connector).
 */
public class AttachLoad {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_-]+)\"");
    private static final String CONNECTOR = "{\"host\": \"bench-compute\", \"ip\": \"127.0.0.1\","
            + " \"initiator\": \"iqn.1993-08.org.debian:01:bench\", \"multipath\": false}";

    private final String endpoint;
    private final String project;

    AttachLoad(String endpoint, String project) {
        this.endpoint = endpoint;
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        String endpoint = option(args, "--endpoint", "http://127.0.0.1:8776");
        int cycles = Integer.parseInt(option(args, "--cycles", "100"));
        int warmup = Integer.parseInt(option(args, "--warmup", "10"));
        String type = option(args, "--type", null);
        AttachLoad load = new AttachLoad(endpoint, option(args, "--project", "bench"));
        String volume = load.availableVolume(type);
        load.cycles(volume, warmup, null, null, null);
        List<Long> attach = new ArrayList<>();
        List<Long> export = new ArrayList<>();
        List<Long> detach = new ArrayList<>();
        load.cycles(volume, cycles, attach, export, detach);
        System.out.printf(Locale.ROOT, "attach/detach cycles: %d on one %s volume, after %d warm-up cycles%n", cycles,
                type == null ? "default-type" : type, warmup);
        report("attach (create with connector + os-complete)", attach);
        report("  of which the export (create with connector)", export);
        report("detach (delete, export ended)", detach);
        load.call("DELETE", "/volumes/" + volume, null);
    }

    private void cycles(String volume, int count, List<Long> attach, List<Long> export, List<Long> detach)
            throws IOException {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            String[] created = call("POST", "/attachments", "{\"attachment\": {\"volume_uuid\": \"" + volume
                    + "\", \"connector\": " + CONNECTOR + "}}");
            long exported = System.nanoTime();
            require(created, "200");
            String attachment = first(ID, created[1]);
            require(call("POST", "/attachments/" + attachment + "/action", "{\"os-complete\": null}"), "204");
            long attached = System.nanoTime();
            require(call("DELETE", "/attachments/" + attachment, null), "200");
            long detached = System.nanoTime();
            if (attach != null) {
                attach.add((attached - start) / 1_000);
                export.add((exported - start) / 1_000);
                detach.add((detached - attached) / 1_000);
            }
        }
    }

    private String availableVolume(String type) throws Exception {
        String[] created = call("POST", "/volumes", "{\"volume\": {\"size\": 1, \"name\": \"attach-bench\""
                + (type == null ? "" : ", \"volume_type\": \"" + type + "\"") + "}}");
        require(created, "202");
        String id = first(ID, created[1]);
        for (int i = 0; i < 1200; i++) {
            String status = first(STATUS, call("GET", "/volumes/" + id, null)[1]);
            if (status.equals("available")) {
                return id;
            }
            if (status.startsWith("error")) {
                throw new IllegalStateException("the bench volume went to " + status);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the bench volume did not become available within 60 s");
    }

    private static void report(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", what,
                percentile(sorted, 50) / 1000.0, percentile(sorted, 95) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static void require(String[] reply, String status) {
        if (!reply[0].equals(status)) {
            throw new IllegalStateException("expected " + status + ", got " + reply[0] + ": " + reply[1]);
        }
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    /** One request of the bench project's user, at microversion 3.54; returns status and body. */
    private String[] call(String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(endpoint + "/v3/" + project + path).openConnection();
        connection.setRequestMethod(method);
        connection.setRequestProperty("X-Auth-Token", "bench:" + project);
        connection.setRequestProperty("OpenStack-API-Version", "volume 3.54");
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
        connection.disconnect();
        return new String[] {Integer.toString(status), text};
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
