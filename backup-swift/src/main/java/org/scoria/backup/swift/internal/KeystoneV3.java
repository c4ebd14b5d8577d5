package org.scoria.backup.swift.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Keystone's identity API v3 needs to give a Swift client a token: the password request scoped
 * to a project, and where Swift is in the service catalog that comes back with the token.
 */
final class KeystoneV3 {

    private KeystoneV3() {
    }

    /**
     * Where tokens are issued: {@code <auth.url>/auth/tokens}, with {@code /v3} added when the URL
     * names Keystone's root (as devstack's {@code http://host/identity} does).
     */
    static URI tokensUri(URI authUrl) {
        String base = authUrl.toString().replaceAll("/+$", "");
        if (!base.endsWith("/v3")) {
            base += "/v3";
        }
        return URI.create(base + "/auth/tokens");
    }

    /** The body of {@code POST /v3/auth/tokens}: the password method, scoped to the project. */
    static ObjectNode passwordRequest(ObjectMapper json, SwiftSettings settings) {
        ObjectNode body = json.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.user());
        user.putObject("domain").put("name", settings.userDomainName());
        user.put("password", settings.key());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", settings.projectName());
        project.putObject("domain").put("name", settings.projectDomainName());
        return body;
    }

    /**
     * The public endpoint of the {@code object-store} service in a token response's catalog (the
     * first, when there are several regions).
     *
     * @throws IllegalArgumentException when the catalog has none; the message lists what it has
     */
    static URI objectStoreUrl(JsonNode tokenResponse) {
        JsonNode catalog = tokenResponse.path("token").path("catalog");
        List<String> services = new ArrayList<>();
        for (JsonNode service : catalog) {
            String type = service.path("type").asText();
            services.add(type);
            if (!"object-store".equals(type)) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                if ("public".equals(endpoint.path("interface").asText()) && endpoint.hasNonNull("url")) {
                    return URI.create(endpoint.get("url").asText());
                }
            }
            throw new IllegalArgumentException("the catalog's object-store service has no public endpoint;"
                    + " set storage.url");
        }
        throw new IllegalArgumentException("the catalog has no object-store service (it has " + services
                + "); set storage.url");
    }
}
