package org.scoria.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.ws.rs.core.MultivaluedMap;

/**
 * The filters each list accepts (Cinder's resource_filters, served at {@code GET /resource_filters},
 * 3.33). From 3.33 a member's list with another filter is refused, as Cinder refuses it, rather
 * than answered unfiltered; administrators' filters are not checked, as in Cinder.
 */
final class ResourceFilters {

    static final Map<String, List<String>> FILTERS = new TreeMap<>(Map.of(
            "volume", List.of("name", "status", "metadata", "bootable", "availability_zone"),
            "snapshot", List.of("name", "status", "volume_id", "metadata"),
            "backup", List.of("name", "status", "volume_id", "metadata"),
            "message", List.of("resource_uuid", "resource_type", "event_id"),
            "volume_type", List.of("is_public"),
            "pool", List.of("name"),
            "attachment", List.of("volume_id", "status", "instance_id", "attach_status")));

    /** Query options that are not filters: paging, sorting, scope. */
    private static final Set<String> OPTIONS = Set.of("limit", "marker", "offset", "sort", "sort_key", "sort_dir",
            "with_count", "all_tenants", "project_id", "detail", "usage");

    private ResourceFilters() {
    }

    /** Refuses filters the resource's list does not know (3.33 and later, members). */
    static void check(String resource, MultivaluedMap<String, String> parameters, ApiVersion version, boolean admin) {
        if (admin || !version.atLeast(ApiVersion.RESOURCE_FILTER)) {
            return;
        }
        List<String> known = FILTERS.get(resource);
        List<String> invalid = new ArrayList<>();
        for (String name : parameters.keySet()) {
            // "name~" is the inexact form of "name" (3.34).
            String filter = name.endsWith("~") ? name.substring(0, name.length() - 1) : name;
            if (!OPTIONS.contains(name) && !known.contains(filter)) {
                invalid.add(name);
            }
        }
        if (!invalid.isEmpty()) {
            throw new ApiFault(400, "Invalid input received: Invalid filters " + String.join(", ", invalid)
                    + " are found in query options.");
        }
    }
}
