package org.scoria.backup.swift.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Swift with tempauth, in this JVM on 127.0.0.1, for what a real Swift cannot be
 * made to do on demand here: statuses queued by the test answered before the real answer, a wrong
 * ETag on downloads, a revoked token, a stalled answer, and listings cut into pages of {@link #PAGE}
 * names (a real Swift pages at 10,000, set in /etc/swift). Containers and objects are kept in
 * memory with the MD5 check of uploads. What a working Swift does is tested against a real one:
 * itests' SwiftObjectStoreIT.
 */
final class FakeSwift implements AutoCloseable {

    static final int PAGE = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "/v1/AUTH_test";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, NavigableMap<String, byte[]>> containers = new ConcurrentHashMap<>();
    /** Statuses to answer object and container requests with, first to last, before serving them. */
    final Deque<Integer> failures = new ConcurrentLinkedDeque<>();
    /** Each storage request as method, raw (still encoded) path and query. */
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger authentications = new AtomicInteger();
    /** How long to wait before answering a GET of an object, in milliseconds. */
    volatile long getDelayMillis;
    /** Whether a GET of an object answers an ETag that is not the body's MD5. */
    volatile boolean wrongEtag;
    private volatile String validToken;

    FakeSwift() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/auth/v1.0", this::authenticate);
        server.createContext(ACCOUNT, this::storage);
        server.start();
    }

    URI authUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/auth/v1.0");
    }

    /** Revokes the token handed out: the next storage request gets 401. */
    void revokeToken() {
        validToken = null;
    }

    NavigableMap<String, byte[]> container(String name) {
        return containers.get(name);
    }

    private void authenticate(HttpExchange exchange) throws IOException {
        if (!"test:tester".equals(exchange.getRequestHeaders().getFirst("X-Auth-User"))
                || !"testing".equals(exchange.getRequestHeaders().getFirst("X-Auth-Key"))) {
            answer(exchange, 401, "<html><h1>Unauthorized</h1></html>");
            return;
        }
        validToken = "AUTH_tk" + authentications.incrementAndGet();
        exchange.getResponseHeaders().add("X-Auth-Token", validToken);
        exchange.getResponseHeaders().add("X-Storage-Url", "http://127.0.0.1:" + server.getAddress().getPort() + ACCOUNT);
        answer(exchange, 200, "");
    }

    private void storage(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        requests.add(method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        byte[] body = exchange.getRequestBody().readAllBytes();
        String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
        if (token == null || !token.equals(validToken)) {
            answer(exchange, 401, "<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized"
                    + " to access the document you requested.</p></html>");
            return;
        }
        Integer failure = failures.poll();
        if (failure != null) {
            answer(exchange, failure, "<html><h1>Failure " + failure + "</h1>\n<p>queued by the test</p></html>");
            return;
        }
        String path = uri.getPath().substring(ACCOUNT.length() + 1);
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        String object = slash < 0 ? null : path.substring(slash + 1);
        NavigableMap<String, byte[]> objects = containers.get(container);
        if (object == null && "PUT".equals(method)) {
            answer(exchange, containers.putIfAbsent(container, new TreeMap<>()) == null ? 201 : 202, "");
        } else if (objects == null) {
            answer(exchange, 404, "<html><h1>Not Found</h1><p>The resource could not be found.</p></html>");
        } else if (object == null && "GET".equals(method)) {
            list(exchange, objects, query(uri));
        } else if ("PUT".equals(method)) {
            String md5 = SwiftClient.md5Hex(body);
            String etag = exchange.getRequestHeaders().getFirst("ETag");
            if (etag != null && !etag.equals(md5)) {
                answer(exchange, 422, "<html><h1>Unprocessable Entity</h1></html>");
                return;
            }
            synchronized (objects) {
                objects.put(object, body);
            }
            exchange.getResponseHeaders().add("ETag", md5);
            answer(exchange, 201, "");
        } else if ("GET".equals(method)) {
            byte[] data;
            synchronized (objects) {
                data = objects.get(object);
            }
            if (data == null) {
                answer(exchange, 404, "<html><h1>Not Found</h1></html>");
                return;
            }
            sleep(getDelayMillis);
            exchange.getResponseHeaders().add("ETag", wrongEtag ? SwiftClient.md5Hex(new byte[1]) : SwiftClient.md5Hex(data));
            exchange.sendResponseHeaders(200, data.length == 0 ? -1 : data.length);
            exchange.getResponseBody().write(data);
            exchange.close();
        } else if ("DELETE".equals(method)) {
            boolean removed;
            synchronized (objects) {
                removed = objects.remove(object) != null;
            }
            answer(exchange, removed ? 204 : 404, removed ? "" : "<html><h1>Not Found</h1></html>");
        } else {
            answer(exchange, 405, "");
        }
    }

    private static void list(HttpExchange exchange, NavigableMap<String, byte[]> objects, Map<String, String> query)
            throws IOException {
        if (!"json".equals(query.get("format"))) {
            answer(exchange, 400, "the client asks for JSON");
            return;
        }
        String prefix = query.getOrDefault("prefix", "");
        String marker = query.getOrDefault("marker", "");
        ArrayNode page = JSON.createArrayNode();
        synchronized (objects) {
            for (Map.Entry<String, byte[]> entry : objects.tailMap(marker, false).entrySet()) {
                if (page.size() == PAGE) {
                    break;
                }
                if (entry.getKey().startsWith(prefix)) {
                    page.addObject().put("name", entry.getKey()).put("bytes", entry.getValue().length)
                            .put("hash", SwiftClient.md5Hex(entry.getValue()));
                }
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        answer(exchange, 200, JSON.writeValueAsString(page));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                values.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
