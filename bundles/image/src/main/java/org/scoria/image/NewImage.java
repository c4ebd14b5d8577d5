package org.scoria.image;

import java.util.Map;

/**
 * An image to register in Glance before its data is uploaded.
 *
 * @param visibility Glance's {@code private}, {@code shared}, {@code community} or {@code public}
 * @param properties user properties to set on it (Glance keeps them as strings)
 * @since 1.1
 */
public record NewImage(String name, String diskFormat, String containerFormat, String visibility, boolean isProtected,
        Map<String, String> properties) {

    public NewImage {
        properties = Map.copyOf(properties);
    }
}
