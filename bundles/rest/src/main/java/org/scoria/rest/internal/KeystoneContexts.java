package org.scoria.rest.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.ws.rs.core.HttpHeaders;

import org.scoria.keystone.KeystoneUnavailableException;
import org.scoria.keystone.ServiceSession;
import org.scoria.volume.api.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keystone v3 tokens, validated as keystonemiddleware validates them for Cinder: {@code GET
 * /v3/auth/tokens} with the caller's token as {@code X-Subject-Token} and Scoria's own service
 * token as {@code X-Auth-Token} (the {@link ServiceSession}'s, renewed at once when Keystone
 * refuses it). Validated tokens are kept for a
 * short while (never past their expiry), keyed by their SHA-256, so a busy client costs Keystone
 * one validation per token and cache period.
 */
final class KeystoneContexts implements Authenticator {

    /** Where Scoria authenticates, and how long it trusts a validated token. */
    record Settings(URI authUrl, String wwwAuthenticateUri, Duration cacheTime, int cacheEntries, Duration timeout) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeystoneContexts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Identity(String userId, String projectId, Set<String> roles, Instant keepUntil) {
    }

    private final Settings settings;
    private final URI tokens;
    private final RulePolicy policy;
    private final ServiceSession session;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Identity> validated = new ConcurrentHashMap<>();

    KeystoneContexts(Settings settings, RulePolicy policy, ServiceSession session, Clock clock) {
        this.settings = settings;
        String base = settings.authUrl().toString().replaceAll("/+$", "");
        this.tokens = URI.create((base.endsWith("/v3") ? base : base + "/v3") + "/auth/tokens?nocatalog");
        this.policy = policy;
        this.session = session;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.clock = clock;
    }

    /** A URL project other than the token's is Cinder's 400 "Malformed request url". */
    @Override
    public RequestContext forRequest(HttpHeaders headers, String pathProject, boolean listing, String resource) {
        String token = headers.getHeaderString(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            throw unauthorized("Authentication required: send a Keystone token in " + TOKEN_HEADER + ".");
        }
        Identity identity = identity(token.trim());
        if (pathProject != null && !pathProject.equals(identity.projectId())) {
            throw new ApiFault(400, "Malformed request url");
        }
        return policy.context(identity.userId(), identity.projectId(), identity.roles(), null, token.trim());
    }

    private Identity identity(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        Identity cached = validated.get(key);
        if (cached != null && now.isBefore(cached.keepUntil())) {
            return cached;
        }
        Identity fresh = validate(token, now);
        if (validated.size() >= settings.cacheEntries()) {
            validated.values().removeIf(entry -> !now.isBefore(entry.keepUntil()));
            if (validated.size() >= settings.cacheEntries()) {
                validated.clear();
            }
        }
        validated.put(key, fresh);
        return fresh;
    }

    private Identity validate(String token, Instant now) {
        String service = serviceToken(null);
        HttpResponse<String> answer = sendValidation(token, service);
        if (answer.statusCode() == 401) {
            // Keystone no longer takes the service token (revoked, keys rotated): once more with a new one.
            answer = sendValidation(token, serviceToken(service));
        }
        switch (answer.statusCode()) {
            case 200 -> {
                return identityOf(answer.body(), now);
            }
            case 404 -> throw unauthorized("The token is not valid or has expired.");
            case 401, 403 -> {
                LOG.error("Keystone at {} refuses Scoria's service user to validate tokens (HTTP {}): give it the"
                        + " admin or service role in its project (keystone.* in etc/org.scoria.rest.cfg)", tokens,
                        answer.statusCode());
                throw unavailable();
            }
            default -> {
                LOG.error("Keystone at {} answered a token validation with HTTP {}: {}", tokens, answer.statusCode(),
                        abbreviated(answer.body()));
                throw unavailable();
            }
        }
    }

    private Identity identityOf(String body, Instant now) {
        try {
            JsonNode token = JSON.readTree(body).path("token");
            String projectId = token.path("project").path("id").asText(null);
            if (projectId == null) {
                throw unauthorized("A project-scoped token is required.");
            }
            Set<String> roles = new HashSet<>();
            token.path("roles").forEach(role -> roles.add(role.path("name").asText().toLowerCase(Locale.ROOT)));
            Instant keepUntil = now.plus(settings.cacheTime());
            Instant expiresAt = Instant.parse(token.path("expires_at").asText());
            return new Identity(token.path("user").path("id").asText(), projectId, roles,
                    expiresAt.isBefore(keepUntil) ? expiresAt : keepUntil);
        } catch (IOException | DateTimeParseException e) {
            LOG.error("Keystone at {} answered a token validation with a body Scoria cannot read: {}", tokens,
                    e.getMessage());
            throw unavailable();
        }
    }

    private HttpResponse<String> sendValidation(String token, String service) {
        HttpRequest request = HttpRequest.newBuilder(tokens).timeout(settings.timeout())
                .header("X-Auth-Token", service).header("X-Subject-Token", token).header("Accept", "application/json")
                .GET().build();
        return send(request);
    }

    private String serviceToken(String refused) {
        try {
            return session.token(refused);
        } catch (KeystoneUnavailableException e) {
            // The session logged why.
            throw unavailable();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.error("Keystone at {} cannot be reached: {}", tokens, e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private static ApiFault unavailable() {
        return new ApiFault(503, "Tokens cannot be validated now.");
    }

    private ApiFault unauthorized(String message) {
        return new ApiFault(401, message,
                Map.of("WWW-Authenticate", "Keystone uri=\"" + settings.wwwAuthenticateUri() + "\""));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
