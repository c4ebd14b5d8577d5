package org.scoria.image.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.scoria.image.Image;

/** Glance v2's image JSON as an {@link Image}. */
final class GlanceImages {

    /**
     * The properties of Glance's own image schema: everything else an image carries is a user
     * property (Glance puts them at the top level too).
     */
    private static final Set<String> SCHEMA = Set.of("id", "name", "status", "visibility", "protected", "os_hidden",
            "owner", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "disk_format",
            "container_format", "min_disk", "min_ram", "created_at", "updated_at", "tags", "file", "schema", "self",
            "direct_url", "locations", "stores");

    private GlanceImages() {
    }

    static Image read(JsonNode image) {
        Map<String, String> properties = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = image.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!SCHEMA.contains(field.getKey()) && !field.getValue().isNull()) {
                properties.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }
        return new Image(image.path("id").asText(), text(image, "name"), text(image, "status"),
                text(image, "disk_format"), text(image, "container_format"), number(image, "size"),
                number(image, "virtual_size"), image.path("min_disk").asInt(0), image.path("min_ram").asInt(0),
                text(image, "checksum"), text(image, "os_hash_algo"), text(image, "os_hash_value"),
                text(image, "visibility"), image.path("protected").asBoolean(false), properties, locations(image));
    }

    /** Glance's {@code direct_url} (show_image_direct_url), then its locations' URLs (show_multiple_locations). */
    private static List<String> locations(JsonNode image) {
        List<String> locations = new ArrayList<>();
        String direct = text(image, "direct_url");
        if (direct != null) {
            locations.add(direct);
        }
        for (JsonNode location : image.path("locations")) {
            String url = text(location, "url");
            if (url != null && !locations.contains(url)) {
                locations.add(url);
            }
        }
        return locations;
    }

    private static String text(JsonNode image, String field) {
        JsonNode value = image.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static Long number(JsonNode image, String field) {
        JsonNode value = image.path(field);
        return value.isNumber() ? value.asLong() : null;
    }
}
