package org.scoria.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for the REST endpoint (HttpURLConnection: available inside Karaf and out). */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** What the endpoint answered. */
    public record Reply(int status, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final String base;
    private final String token;
    private final String apiVersion;

    public Http(String base, String token) {
        this(base, token, null);
    }

    /** A client that asks for a microversion, e.g. {@code volume 3.45}. */
    public Http(String base, String token, String apiVersion) {
        this.base = base;
        this.token = token;
        this.apiVersion = apiVersion;
    }

    public Reply get(String path) throws IOException {
        return call("GET", path, null);
    }

    public Reply post(String path, String body) throws IOException {
        return call("POST", path, body);
    }

    public Reply delete(String path) throws IOException {
        return call("DELETE", path, null);
    }

    /**
     * Lifts a project's volume, snapshot and gigabyte quotas, as an administrator: for tests that
     * create more than Cinder's default ten volumes in one project.
     */
    public static void unlimitedQuota(String base, String project) throws IOException {
        Reply reply = new Http(base, "admin:" + project).call("PUT", "/v3/" + project + "/os-quota-sets/" + project,
                "{\"quota_set\": {\"volumes\": -1, \"snapshots\": -1, \"gigabytes\": -1}}");
        if (reply.status() != 200) {
            throw new IOException("Could not lift the quotas of " + project + ": " + reply.status() + " " + reply.body());
        }
    }

    public Reply call(String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(base + path).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(30000);
        if (token != null) {
            connection.setRequestProperty("X-Auth-Token", token);
        }
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
        connection.disconnect();
        return new Reply(status, text);
    }
}
