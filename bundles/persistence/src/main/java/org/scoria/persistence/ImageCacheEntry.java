package org.scoria.persistence;

import java.time.Instant;
import java.util.Locale;

/**
 * An entry of a backend's image-volume cache: a volume of Scoria's own, never a tenant's, that holds
 * one Glance image; new volumes from the image are cloned from it.
 *
 * @param id          the cached volume's id, as drivers name its storage ({@code volume-<id>})
 * @param backendHost the backend that holds it ({@code host@backend})
 * @param sizeGb      its size: the image's virtual size, rounded up to GiB
 * @param creator     the volume whose create writes the image into it
 * @param lastUsed    when a volume was last cloned from it (or it was created)
 * @since 4.0
 */
public record ImageCacheEntry(String id, String backendHost, String imageId, int sizeGb, Status status,
        String creator, Instant createdAt, Instant lastUsed) {

    /** Where an entry is in its life. */
    public enum Status {
        /** Its creator writes the image into it: not to be cloned yet. */
        CREATING,
        /** It holds the image and may be cloned. */
        READY,
        /** Evicted: its volume is being deleted, and nothing is cloned from it any more. */
        DELETING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
