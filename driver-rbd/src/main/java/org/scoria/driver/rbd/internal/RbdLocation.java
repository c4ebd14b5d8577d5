package org.scoria.driver.rbd.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where Glance's RBD store keeps an image: {@code rbd://<fsid>/<pool>/<image>/<snapshot>}, each
 * part URL-encoded, as Glance shows it in {@code direct_url} and its locations.
 */
record RbdLocation(String fsid, String pool, String image, String snapshot) {

    private static final String SCHEME = "rbd://";

    /** The location, when {@code url} is one of a cluster's image snapshots; empty otherwise. */
    static Optional<RbdLocation> parse(String url) {
        if (url == null || !url.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String[] parts = url.substring(SCHEME.length()).split("/", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
            if (parts[i].isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new RbdLocation(parts[0], parts[1], parts[2], parts[3]));
    }

    @Override
    public String toString() {
        return pool + "/" + image + "@" + snapshot;
    }
}
