package org.scoria.rest.internal;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.RequestContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What every Cinder response shares: the JSON body, the headers, and the timestamp format. */
final class OpenStackResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** oslo's PERFECT_TIME_FORMAT: microseconds, no zone, UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private OpenStackResponses() {
    }

    /** {@code body} (maps, lists and values) written as JSON, with the headers. */
    static Response json(Response.ResponseBuilder builder, Object body, String requestId, ApiVersion version) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response body", e);
        }
        return headers(builder.entity(text).type(MediaType.APPLICATION_JSON_TYPE), requestId, version).build();
    }

    static Response.ResponseBuilder headers(Response.ResponseBuilder builder, String requestId, ApiVersion version) {
        String id = requestId == null ? RequestContext.newRequestId() : requestId;
        return builder.header(ApiVersion.HEADER, "volume " + version)
                .header("Vary", ApiVersion.HEADER)
                .header("x-openstack-request-id", id)
                .header("x-compute-request-id", id);
    }

    /**
     * A resource's {@code self} and {@code bookmark} links, naming the project only when the
     * request's URL did, as Cinder's do.
     *
     * @param project the project in the request's URL, or {@code null}
     */
    static List<Map<String, String>> links(URI base, String project, String collection, String id) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        String path = (project == null ? "" : project + "/") + collection + "/" + id;
        return List.of(Map.of("href", root + "v3/" + path, "rel", "self"), Map.of("href", root + path, "rel", "bookmark"));
    }

    /** A time as Cinder writes it, or {@code null}. */
    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }
}
