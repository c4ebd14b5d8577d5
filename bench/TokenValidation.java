import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Keystone authentication costs a request: for each of N fresh tokens (issued by Keystone
 * first, not timed), the first request with the token (Scoria validates it with Keystone) and a
 * second one (Scoria answers from its token cache), both {@code GET /v3/<project>/volumes?limit=1}.
 * Prints p50/p95 of each and of their difference.
 *
 *   java bench/TokenValidation.java --keystone http://127.0.0.1:5000 [--endpoint http://127.0.0.1:8776]
 *                                   [--user alice] [--password alice-secret] [--project alpha]
 *                                   [--tokens 200] [--warmup 20]
 */
public class TokenValidation {

    public static void main(String[] args) throws Exception {
        String keystone = option(args, "--keystone", "http://127.0.0.1:5000");
        String endpoint = option(args, "--endpoint", "http://127.0.0.1:8776");
        String user = option(args, "--user", "alice");
        String password = option(args, "--password", "alice-secret");
        String project = option(args, "--project", "alpha");
        int tokens = Integer.parseInt(option(args, "--tokens", "200"));
        int warmup = Integer.parseInt(option(args, "--warmup", "20"));
        HttpClient http = HttpClient.newHttpClient();

        List<String> issued = new ArrayList<>();
        String projectId = null;
        for (int i = 0; i < warmup + tokens; i++) {
            String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \""
                    + user + "\", \"domain\": {\"name\": \"Default\"}, \"password\": \"" + password + "\"}}},"
                    + " \"scope\": {\"project\": {\"name\": \"" + project + "\", \"domain\": {\"name\": \"Default\"}}}}}";
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(keystone + "/v3/auth/tokens?nocatalog"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("Keystone refused " + user + ": " + answer.statusCode() + " " + answer.body());
            }
            issued.add(answer.headers().firstValue("X-Subject-Token").orElseThrow());
            if (projectId == null) {
                Matcher id = Pattern.compile("\"id\":\\s*\"([0-9a-f]+)\",\\s*\"name\":\\s*\"" + Pattern.quote(project) + "\"").matcher(answer.body());
                if (!id.find()) {
                    throw new IllegalStateException("no project id in " + answer.body());
                }
                projectId = id.group(1);
            }
        }
        URI volumes = URI.create(endpoint + "/v3/" + projectId + "/volumes?limit=1");
        List<Double> uncached = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        List<Double> difference = new ArrayList<>();
        for (int i = 0; i < issued.size(); i++) {
            double first = timedGet(http, volumes, issued.get(i));
            double second = timedGet(http, volumes, issued.get(i));
            if (i >= warmup) {
                uncached.add(first);
                cached.add(second);
                difference.add(first - second);
            }
        }
        System.out.printf("%d tokens after %d warm-up, GET %s%n", tokens, warmup, volumes);
        System.out.printf("first request with a token (validated with Keystone): p50 %.1f ms, p95 %.1f ms%n",
                percentile(uncached, 50), percentile(uncached, 95));
        System.out.printf("second request (token cache):                        p50 %.1f ms, p95 %.1f ms%n",
                percentile(cached, 50), percentile(cached, 95));
        System.out.printf("difference per token:                                p50 %.1f ms, p95 %.1f ms%n",
                percentile(difference, 50), percentile(difference, 95));
    }

    private static double timedGet(HttpClient http, URI uri, String token) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).header("X-Auth-Token", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - started) / 1e6;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return millis;
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
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
