package org.scoria.backup.swift.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.scoria.spi.backup.ObjectStoreException;
import org.scoria.spi.backup.ObjectMissingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's object API over the JDK's HTTP client: one token and storage URL shared by all calls,
 * obtained on first use and again when Swift refuses it (401); server errors, timeouts and broken
 * connections are retried with a doubling backoff. Bodies are verified by MD5 both ways: an
 * upload carries its {@code ETag}, so Swift refuses a body damaged in flight (422), and a download
 * is checked against the {@code ETag} answered. Safe for concurrent use.
 */
final class SwiftClient {

    private static final Logger LOG = LoggerFactory.getLogger(SwiftClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Answers that a later attempt may not get: the server or something in between is overloaded or down. */
    private static final Set<Integer> TRANSIENT = Set.of(408, 429, 498, 500, 502, 503, 504);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(60);
    private static final int EXCERPT_CHARS = 200;
    private static final HexFormat HEX = HexFormat.of();

    /** Decides from a response that came back whether it must be tried again: the reason, or null when not. */
    @FunctionalInterface
    private interface Verification {
        String retryReason(HttpResponse<byte[]> response);
    }

    /** A failure worth another attempt; its message says what failed. */
    private static final class TransientFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TransientFailure(String message) {
            super(message);
        }
    }

    private record Session(String token, URI storageUrl) {
    }

    private final SwiftSettings settings;
    private final HttpClient http;
    private final Object authenticating = new Object();
    private volatile Session session;

    SwiftClient(SwiftSettings settings) throws IOException, GeneralSecurityException {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Swift's servers speak HTTP/1.1; asking for h2c would only add an Upgrade round.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout());
        if (settings.caCertificates().isPresent()) {
            builder.sslContext(trusting(settings.caCertificates().get()));
        }
        this.http = builder.build();
    }

    /** Creates the container unless it exists. */
    void putContainer(String container) throws ObjectStoreException {
        String what = "container " + container;
        String path = containerPath(container);
        HttpResponse<byte[]> response = exchange("PUT", what, path, new byte[0], null, answer -> null);
        if (response.statusCode() / 100 != 2) {
            throw failure("PUT", what, response);
        }
    }

    /** Writes an object whole; Swift checks it against its MD5. */
    void putObject(String container, String name, byte[] data) throws ObjectStoreException {
        String what = objectDescription(container, name);
        String path = objectPath(container, name);
        String md5 = md5Hex(data);
        HttpResponse<byte[]> response = exchange("PUT", what, path, data, md5, answer -> {
            if (answer.statusCode() == 422) {
                return "HTTP 422: the MD5 Swift computed differs from the ETag sent; the body was damaged in flight";
            }
            Optional<String> etag = answer.headers().firstValue("ETag");
            if (answer.statusCode() == 201 && etag.isPresent() && !unquote(etag.get()).equalsIgnoreCase(md5)) {
                return "Swift stored MD5 " + etag.get() + ", the data has " + md5;
            }
            return null;
        });
        if (response.statusCode() == 404) {
            throw new ObjectStoreException("PUT " + what + ": HTTP 404, the container does not exist: "
                    + excerpt(response.body()));
        }
        if (response.statusCode() != 201) {
            throw failure("PUT", what, response);
        }
    }

    /** Reads an object whole, verified against its ETag when it is a plain object's MD5. */
    byte[] getObject(String container, String name) throws ObjectStoreException {
        String what = objectDescription(container, name);
        String path = objectPath(container, name);
        HttpResponse<byte[]> response = exchange("GET", what, path, null, null, answer -> {
            if (answer.statusCode() != 200) {
                return null;
            }
            // A large object's ETag is quoted and is not the MD5 of the content: nothing to compare.
            String etag = answer.headers().firstValue("ETag").orElse("");
            if (etag.length() != 32 || answer.headers().firstValue("X-Static-Large-Object").isPresent()
                    || answer.headers().firstValue("X-Object-Manifest").isPresent()) {
                return null;
            }
            String md5 = md5Hex(answer.body());
            return md5.equalsIgnoreCase(etag) ? null
                    : "the body's MD5 " + md5 + " differs from its ETag " + etag + "; damaged in flight";
        });
        if (response.statusCode() == 404) {
            throw new ObjectMissingException(container, name);
        }
        if (response.statusCode() != 200) {
            throw failure("GET", what, response);
        }
        return response.body();
    }

    /** Deletes an object; one that is already gone counts as deleted. */
    void deleteObject(String container, String name) throws ObjectStoreException {
        String what = objectDescription(container, name);
        HttpResponse<byte[]> response = exchange("DELETE", what, objectPath(container, name), null, null, answer -> null);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw failure("DELETE", what, response);
        }
    }

    /**
     * The names in the container that start with the prefix, page after page: Swift answers at most
     * its listing limit (10000 by default) per request, and the next page starts after the marker.
     * A container that does not exist holds nothing.
     */
    List<String> listObjects(String container, String prefix) throws ObjectStoreException {
        String what = "listing of container " + container + " with prefix '" + prefix + "'";
        List<String> names = new ArrayList<>();
        String marker = "";
        while (true) {
            String path = containerPath(container) + "?format=json&prefix=" + encodeComponent(prefix)
                    + (marker.isEmpty() ? "" : "&marker=" + encodeComponent(marker));
            HttpResponse<byte[]> response = exchange("GET", what, path, null, null, answer -> null);
            if (response.statusCode() == 404 || response.statusCode() == 204) {
                return names;
            }
            if (response.statusCode() != 200) {
                throw failure("GET", what, response);
            }
            JsonNode page;
            try {
                page = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new ObjectStoreException(what + ": the answer is not JSON: " + excerpt(response.body()), e);
            }
            int before = names.size();
            for (JsonNode entry : page) {
                if (entry.hasNonNull("name")) {
                    names.add(entry.get("name").asText());
                }
            }
            if (names.size() == before) {
                return names;
            }
            marker = names.get(names.size() - 1);
        }
    }

    /**
     * Sends a request to the account's storage URL until it gets an answer worth keeping: a new
     * token once when Swift says 401, another attempt (after the backoff) on a transient status,
     * an I/O error, a timeout or a failed verification, at most {@code retries} more times.
     *
     * @param path the container and object part of the URL, already encoded, with any query
     * @param body the request's body, or null for none
     * @param etag the body's MD5 for Swift to check, or null
     */
    private HttpResponse<byte[]> exchange(String method, String what, String path, byte[] body, String etag,
            Verification verification) throws ObjectStoreException {
        boolean renewed = false;
        int attempt = 0;
        while (true) {
            String failure;
            try {
                Session current;
                try {
                    current = session();
                } catch (ObjectStoreException e) {
                    throw new ObjectStoreException(method + " " + what + ": " + e.getMessage(), e);
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(current.storageUrl() + "/" + path))
                        .timeout(settings.timeout())
                        .header("X-Auth-Token", current.token())
                        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
                if (body != null && body.length > 0) {
                    request.header("Content-Type", "application/octet-stream");
                }
                if (etag != null) {
                    request.header("ETag", etag);
                }
                HttpResponse<byte[]> response = send(request.build(), what);
                int status = response.statusCode();
                if (status == 401 && !renewed) {
                    // The token expired or was revoked: one new one, and the same request again at once.
                    LOG.info("Swift refused the token on {} {}: authenticating again", method, what);
                    renewed = true;
                    forget(current);
                    continue;
                }
                failure = TRANSIENT.contains(status) ? "HTTP " + status + ": " + excerpt(response.body())
                        : verification.retryReason(response);
                if (failure == null) {
                    return response;
                }
            } catch (IOException e) {
                failure = e.toString();
            } catch (TransientFailure e) {
                failure = e.getMessage();
            }
            if (attempt == settings.retries()) {
                throw new ObjectStoreException(method + " " + what + " failed " + (attempt + 1)
                        + (attempt == 0 ? " time: " : " times, last: ") + failure);
            }
            attempt++;
            Duration backoff = backoff(attempt);
            LOG.warn("Swift {} {} failed ({}); attempt {} of {} in {} ms", method, what, failure, attempt + 1,
                    settings.retries() + 1, backoff.toMillis());
            sleep(backoff, what);
        }
    }

    /** The wait before attempt {@code attempt + 1}: the configured backoff, doubled for each earlier retry. */
    private Duration backoff(int attempt) {
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        return backoff.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff;
    }

    /**
     * One exchange, bounded by the timeout as a whole: the request's own timeout ends when the
     * headers arrive, and a body that stops flowing would otherwise hold the caller forever.
     */
    private HttpResponse<byte[]> send(HttpRequest request, String what) throws IOException, ObjectStoreException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, BodyHandlers.ofByteArray());
        try {
            return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("no complete answer from " + request.method() + " " + request.uri() + " within "
                    + settings.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ObjectStoreException("interrupted while waiting for Swift: " + what, e);
        }
    }

    private static void sleep(Duration duration, String what) throws ObjectStoreException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException("interrupted before retrying " + what, e);
        }
    }

    private Session session() throws ObjectStoreException, TransientFailure, IOException {
        Session current = session;
        if (current != null) {
            return current;
        }
        // One authentication for all the threads that found no token, not one each.
        synchronized (authenticating) {
            if (session == null) {
                session = authenticate();
                LOG.info("Authenticated to Swift as {}: storage URL {}", settings.user(), session.storageUrl());
            }
            return session;
        }
    }

    /** Drops the token, unless another thread has already replaced it. */
    private void forget(Session stale) {
        synchronized (authenticating) {
            if (session == stale) {
                session = null;
            }
        }
    }

    private Session authenticate() throws ObjectStoreException, TransientFailure, IOException {
        String what = "authentication as " + settings.user() + " at " + settings.authUrl();
        return settings.authVersion() == 1 ? authenticateV1(what) : authenticateV3(what);
    }

    /** tempauth and swauth: the user and key as headers, the token and storage URL as headers back. */
    private Session authenticateV1(String what) throws ObjectStoreException, TransientFailure, IOException {
        HttpRequest request = HttpRequest.newBuilder(settings.authUrl())
                .timeout(settings.timeout())
                .header("X-Auth-User", settings.user())
                .header("X-Auth-Key", settings.key())
                .GET()
                .build();
        HttpResponse<byte[]> response = checkAuthentication(send(request, what), what);
        Optional<String> token = response.headers().firstValue("X-Auth-Token")
                .or(() -> response.headers().firstValue("X-Storage-Token"));
        Optional<URI> storage = settings.storageUrl()
                .or(() -> response.headers().firstValue("X-Storage-Url").map(URI::create));
        if (token.isEmpty() || storage.isEmpty()) {
            throw new ObjectStoreException(what + ": HTTP " + response.statusCode()
                    + " without X-Auth-Token and X-Storage-Url");
        }
        return new Session(token.get(), withoutTrailingSlash(storage.get()));
    }

    /** Keystone v3: a password token scoped to the project; Swift's URL from the catalog that comes with it. */
    private Session authenticateV3(String what) throws ObjectStoreException, TransientFailure, IOException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(KeystoneV3.passwordRequest(JSON, settings));
        } catch (JsonProcessingException e) {
            throw new ObjectStoreException(what + ": cannot write the request", e);
        }
        HttpRequest request = HttpRequest.newBuilder(KeystoneV3.tokensUri(settings.authUrl()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = checkAuthentication(send(request, what), what);
        Optional<String> token = response.headers().firstValue("X-Subject-Token");
        if (token.isEmpty()) {
            throw new ObjectStoreException(what + ": HTTP " + response.statusCode() + " without X-Subject-Token");
        }
        URI storage;
        if (settings.storageUrl().isPresent()) {
            storage = settings.storageUrl().get();
        } else {
            try {
                storage = KeystoneV3.objectStoreUrl(JSON.readTree(response.body()));
            } catch (IOException | IllegalArgumentException e) {
                throw new ObjectStoreException(what + ": " + e.getMessage(), e);
            }
        }
        return new Session(token.get(), withoutTrailingSlash(storage));
    }

    private static HttpResponse<byte[]> checkAuthentication(HttpResponse<byte[]> response, String what)
            throws ObjectStoreException, TransientFailure {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        String message = what + ": HTTP " + status + ": " + excerpt(response.body());
        if (TRANSIENT.contains(status)) {
            throw new TransientFailure(message);
        }
        throw new ObjectStoreException(message);
    }

    private static ObjectStoreException failure(String method, String what, HttpResponse<byte[]> response) {
        return new ObjectStoreException(method + " " + what + ": HTTP " + response.statusCode() + ": "
                + excerpt(response.body()));
    }

    private static String objectDescription(String container, String name) {
        return "object " + name + " in container " + container;
    }

    /** The start of a server's answer, on one line, for a message. */
    static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, 0, Math.min(body.length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
    }

    /** A container's part of a URL; Swift allows no slash in it and at most 256 bytes. */
    static String containerPath(String container) throws ObjectStoreException {
        if (container == null || container.isEmpty() || container.indexOf('/') >= 0
                || container.getBytes(StandardCharsets.UTF_8).length > 256) {
            throw new ObjectStoreException("invalid Swift container name '" + container
                    + "': 1 to 256 bytes, no slash");
        }
        return encodeComponent(container);
    }

    /** An object's part of a URL: its container, a slash, its name with the name's slashes kept. */
    static String objectPath(String container, String name) throws ObjectStoreException {
        if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new ObjectStoreException("invalid Swift object name '" + name + "' in container " + container
                    + ": 1 to 1024 bytes");
        }
        return containerPath(container) + "/" + encode(name, true);
    }

    /** Percent-encodes all but the unreserved characters of RFC 3986, slashes included. */
    static String encodeComponent(String value) {
        return encode(value, false);
    }

    private static String encode(String value, boolean keepSlash) {
        StringBuilder encoded = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~' || keepSlash && c == '/') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    static String md5Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private static String unquote(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    private static URI withoutTrailingSlash(URI uri) {
        return URI.create(uri.toString().replaceAll("/+$", ""));
    }

    /** A TLS context that trusts the certificates of a PEM file (a private CA's), and no others. */
    static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + pem);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + index++, certificate);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
