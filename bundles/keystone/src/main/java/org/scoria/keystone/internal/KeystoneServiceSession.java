package org.scoria.keystone.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.scoria.keystone.KeystoneUnavailableException;
import org.scoria.keystone.ServiceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service user's password traded for a project-scoped token with its catalog, kept until
 * shortly before it expires. Its settings are the REST endpoint's ({@code etc/org.scoria.rest.cfg}):
 * one service user for validating callers and for calling other services, as Cinder's.
 */
@Component(service = ServiceSession.class, configurationPid = "org.scoria.rest")
public class KeystoneServiceSession implements ServiceSession {

    /** The settings of {@code etc/org.scoria.rest.cfg} this reads; the file documents them. */
    public @interface Config {
        String auth_strategy() default "noauth";

        String keystone_auth_url() default "";

        String keystone_username() default "scoria";

        String keystone_password() default "";

        String keystone_user_domain_name() default "Default";

        String keystone_project_name() default "service";

        String keystone_project_domain_name() default "Default";

        /** The region whose endpoints are used; empty: the first the catalog lists. */
        String keystone_region_name() default "";

        int keystone_timeout() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeystoneServiceSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token this close to its expiry is renewed before use. */
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private record Held(String token, Instant expiresAt, JsonNode catalog) {
    }

    private final Clock clock;
    private final HttpClient http;
    private volatile Config config;
    private volatile URI tokens;
    private Held held;

    @Activate
    public KeystoneServiceSession(Config config) {
        this(config, Clock.systemUTC());
    }

    KeystoneServiceSession(Config config, Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.max(1, config.keystone_timeout())))
                .build();
        modified(config);
    }

    @Modified
    synchronized void modified(Config config) {
        this.config = config;
        String base = config.keystone_auth_url().trim().replaceAll("/+$", "");
        this.tokens = base.isEmpty() ? null : URI.create((base.endsWith("/v3") ? base : base + "/v3") + "/auth/tokens");
        this.held = null;
    }

    @Override
    public boolean enabled() {
        return "keystone".equals(config.auth_strategy().trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String token(String refused) {
        return held(refused).token();
    }

    @Override
    public Optional<URI> endpoint(String serviceType) {
        String region = config.keystone_region_name().trim();
        for (JsonNode service : held(null).catalog()) {
            if (!serviceType.equals(service.path("type").asText())) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                if ("public".equals(endpoint.path("interface").asText())
                        && (region.isEmpty() || region.equals(endpoint.path("region_id").asText()))) {
                    return Optional.of(URI.create(endpoint.path("url").asText()));
                }
            }
        }
        return Optional.empty();
    }

    private synchronized Held held(String refused) {
        if (held != null && !held.token().equals(refused) && clock.instant().plus(RENEW_BEFORE).isBefore(held.expiresAt())) {
            return held;
        }
        Config settings = config;
        if (tokens == null || settings.keystone_password().isEmpty()) {
            throw new KeystoneUnavailableException("Scoria's service user is not configured (keystone.auth.url and"
                    + " keystone.password in etc/org.scoria.rest.cfg)");
        }
        HttpResponse<String> answer = send(HttpRequest.newBuilder(tokens)
                .timeout(Duration.ofSeconds(Math.max(1, settings.keystone_timeout())))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth(settings), StandardCharsets.UTF_8)).build());
        String token = answer.headers().firstValue("X-Subject-Token").orElse(null);
        if (answer.statusCode() != 201 || token == null) {
            LOG.error("Scoria's service user {} (project {}) cannot authenticate at {}: HTTP {} {}; check keystone.*"
                    + " in etc/org.scoria.rest.cfg", settings.keystone_username(), settings.keystone_project_name(),
                    tokens, answer.statusCode(), abbreviated(answer.body()));
            throw new KeystoneUnavailableException("Keystone refuses Scoria's service user (HTTP " + answer.statusCode()
                    + ")");
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body()).path("token");
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(body.path("expires_at").asText());
        } catch (DateTimeParseException e) {
            // Without a readable expiry, renew at the next use rather than trust it forever.
            expiresAt = clock.instant();
        }
        held = new Held(token, expiresAt, body.path("catalog"));
        LOG.info("Service token for {} obtained from {}, valid until {}", settings.keystone_username(), tokens,
                expiresAt);
        return held;
    }

    private static String passwordAuth(Config settings) {
        ObjectNode auth = JSON.createObjectNode();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.keystone_username()).put("password", settings.keystone_password());
        user.putObject("domain").put("name", settings.keystone_user_domain_name());
        ObjectNode project = ((ObjectNode) auth.get("auth")).putObject("scope").putObject("project");
        project.put("name", settings.keystone_project_name()).putObject("domain")
                .put("name", settings.keystone_project_domain_name());
        return auth.toString();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.error("Keystone at {} cannot be reached: {}", tokens, e.toString());
            throw new KeystoneUnavailableException("Keystone cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeystoneUnavailableException("interrupted while asking Keystone for a token");
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
