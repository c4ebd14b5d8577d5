package org.scoria.rest.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;

import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.VolumeQuery;
import org.scoria.persistence.VolumeStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A list request's query string read as Cinder reads it: filters ({@code name}, {@code status},
 * {@code availability_zone}, {@code name~}), {@code sort} (or the legacy {@code sort_key} /
 * {@code sort_dir}), {@code limit} (at most {@link #MAX_LIMIT}), {@code marker}, {@code offset},
 * {@code all_tenants}, {@code with_count}. Filters it does not know are refused from 3.33 (see
 * {@link ResourceFilters}) and ignored before, as Cinder does.
 */
final class VolumeListRequest {

    /** Cinder's osapi_max_limit. */
    static final int MAX_LIMIT = 1000;

    private static final ObjectMapper PYTHON_LITERALS = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    final VolumeQuery query;
    final boolean allProjects;
    final boolean withCount;
    /** A status filter that names no status: nothing can match. */
    final boolean matchesNothing;
    /** {@code limit=0}: Cinder answers an empty page (the count, when asked, is still counted). */
    final boolean emptyPage;
    private final MultivaluedMap<String, String> parameters;

    private VolumeListRequest(VolumeQuery query, boolean allProjects, boolean withCount, boolean matchesNothing,
            boolean emptyPage, MultivaluedMap<String, String> parameters) {
        this.query = query;
        this.allProjects = allProjects;
        this.withCount = withCount;
        this.matchesNothing = matchesNothing;
        this.emptyPage = emptyPage;
        this.parameters = parameters;
    }

    static VolumeListRequest read(MultivaluedMap<String, String> parameters, ApiVersion version) {
        String statusText = parameters.getFirst("status");
        VolumeStatus status = statusText == null ? null : VolumeStatus.fromWireName(statusText.toLowerCase(Locale.ROOT));
        int limit = integer(parameters, "limit", MAX_LIMIT);
        VolumeQuery query = new VolumeQuery(
                flag(parameters.getFirst("all_tenants")) ? parameters.getFirst("project_id") : null,
                parameters.getFirst("name"), parameters.getFirst("name~"), status,
                parameters.getFirst("availability_zone"), bootable(parameters.getFirst("bootable")),
                metadata(parameters.getFirst("metadata")), sort(parameters), parameters.getFirst("marker"),
                integer(parameters, "offset", 0), limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT));
        return new VolumeListRequest(query, flag(parameters.getFirst("all_tenants")),
                flag(parameters.getFirst("with_count")) && version.atLeast(ApiVersion.SUPPORT_COUNT_INFO),
                statusText != null && status == null, limit == 0, parameters);
    }

    /**
     * The volume list with Cinder's {@code glance_metadata} filter (3.4): applied for
     * administrators (a member's is refused by {@link ResourceFilters} from 3.33 and dropped before,
     * as Cinder drops it); a value that is not a dictionary matches nothing, as in Cinder.
     */
    VolumeListRequest withImageFilter(ApiVersion version, boolean admin) {
        String text = parameters.getFirst("glance_metadata");
        if (text == null || !admin || !version.atLeast(ApiVersion.VOLUME_LIST_GLANCE_METADATA)) {
            return this;
        }
        Map<String, String> pairs = dictionary(text);
        return pairs == null ? new VolumeListRequest(query, allProjects, withCount, true, emptyPage, parameters)
                : new VolumeListRequest(query.withImageMetadata(pairs), allProjects, withCount, matchesNothing,
                        emptyPage, parameters);
    }

    /** For lists of what has no availability zone (snapshots, backups): sorting by it is 400, as in Cinder. */
    void refuseZoneSort() {
        if (query.sort().stream().anyMatch(key -> key.field() == VolumeQuery.SortField.AVAILABILITY_ZONE)) {
            throw new ApiFault(400, "Invalid input received: Invalid sort key availability_zone.");
        }
    }

    /**
     * Adds Cinder's {@code <name>_links} to a list body when the page is full: the same request,
     * continuing after the page's last item.
     *
     * @param collection the list's path under the project, e.g. {@code snapshots/detail}
     */
    void addNextLink(Map<String, Object> body, String name, UriInfo uri, String pathProject, String collection,
            int pageSize, Supplier<String> lastId) {
        if (pageSize > 0 && pageSize == query.limit()) {
            String url = uri.getBaseUri() + "v3/" + (pathProject == null ? "" : pathProject + "/") + collection;
            body.put(name + "_links", List.of(Map.of("rel", "next", "href", nextLink(url, lastId.get()))));
        }
    }

    private String nextLink(String collectionUrl, String lastId) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, values) -> {
            if (!name.equals("marker")) {
                values.forEach(value -> query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=')
                        .append(encode(value)));
            }
        });
        query.append(query.length() == 0 ? "" : "&").append("marker=").append(encode(lastId));
        return collectionUrl + "?" + query;
    }

    /** Cinder's {@code bootable} filter: a boolean in any of oslo's spellings. */
    private static Boolean bootable(String text) {
        if (text == null) {
            return null;
        }
        String value = text.toLowerCase(Locale.ROOT);
        if (RequestReader.TRUE.contains(value)) {
            return true;
        }
        if (RequestReader.FALSE.contains(value)) {
            return false;
        }
        throw new ApiFault(400, "Invalid input received: Unrecognized value '" + text
                + "', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
    }

    /**
     * Cinder's {@code metadata} filter: a dictionary literal, which the python clients write in
     * Python's syntax ({@code {'k': 'v'}}) and others in JSON.
     */
    private static Map<String, String> metadata(String text) {
        if (text == null) {
            return Map.of();
        }
        Map<String, String> pairs = dictionary(text);
        if (pairs == null) {
            throw new ApiFault(400, "Invalid input received: metadata filter " + text + " is not a dictionary.");
        }
        return pairs;
    }

    /** A dictionary literal's pairs, its values as text; {@code null} when the text is no dictionary. */
    private static Map<String, String> dictionary(String text) {
        JsonNode node;
        try {
            node = PYTHON_LITERALS.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> pairs.put(field.getKey(),
                field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString()));
        return pairs;
    }

    private static List<VolumeQuery.SortKey> sort(MultivaluedMap<String, String> parameters) {
        String sort = parameters.getFirst("sort");
        String legacyKey = parameters.getFirst("sort_key");
        String legacyDir = parameters.getFirst("sort_dir");
        if (sort != null && (legacyKey != null || legacyDir != null)) {
            throw new ApiFault(400, "Invalid input received: The 'sort_key' and 'sort_dir' parameters are deprecated"
                    + " and cannot be used with the 'sort' parameter.");
        }
        List<VolumeQuery.SortKey> keys = new ArrayList<>();
        if (sort != null) {
            for (String entry : sort.split(",")) {
                String[] parts = entry.trim().split(":", 2);
                keys.add(sortKey(parts[0], parts.length > 1 ? parts[1] : null));
            }
        } else if (legacyKey != null) {
            keys.add(sortKey(legacyKey, legacyDir));
        } else if (legacyDir != null) {
            keys.add(sortKey("created_at", legacyDir));
        }
        return keys;
    }

    private static VolumeQuery.SortKey sortKey(String key, String direction) {
        VolumeQuery.SortField field = VolumeQuery.SortField.fromKey(key.trim());
        if (field == null) {
            throw new ApiFault(400, "Invalid input received: Invalid sort key " + key.trim() + ".");
        }
        String dir = direction == null || direction.isBlank() ? "desc" : direction.trim().toLowerCase(Locale.ROOT);
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw new ApiFault(400, "Invalid input received: Invalid sort direction " + direction + ".");
        }
        return new VolumeQuery.SortKey(field, dir.equals("asc"));
    }

    private static int integer(MultivaluedMap<String, String> parameters, String name, int fallback) {
        String text = parameters.getFirst(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiFault(400, "Invalid input received: " + name + " param must be an integer.");
        }
        if (value < 0) {
            throw new ApiFault(400, "Invalid input received: " + name + " param must be positive.");
        }
        return value;
    }

    private static boolean flag(String value) {
        return value != null && (value.isEmpty() || RequestReader.TRUE.contains(value.toLowerCase(Locale.ROOT)));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
