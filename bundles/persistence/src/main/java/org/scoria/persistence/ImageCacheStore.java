package org.scoria.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The image-volume caches of the backends. Each change of an entry's status is a guarded update,
 * so concurrent creates of volumes from one image agree on who fills the entry and never clone one
 * that is being filled or evicted.
 *
 * @since 4.0
 */
@ProviderType
public interface ImageCacheStore {

    /** The backend's entry for the image, whatever its status. */
    Optional<ImageCacheEntry> find(String backendHost, String imageId);

    /**
     * Claims the entry for the image on the backend, for {@code creator} to fill: a new
     * {@code creating} entry, or one already {@code creating} for the same creator (its create
     * redelivered after a crash) or begun before {@code abandonedBefore} (its creator gone).
     *
     * @return the claimed entry; empty when another creator holds it or it is already filled
     */
    Optional<ImageCacheEntry> claim(String backendHost, String imageId, int sizeGb, String creator,
            Instant abandonedBefore);

    /** Marks a filled entry {@code ready}; whether it was {@code creating}. */
    boolean ready(String id);

    /**
     * Records that a volume is about to be cloned from the entry; whether it is {@code ready},
     * and so will not be evicted while {@code lastUsed} is recent.
     */
    boolean use(String id);

    /** Marks a {@code ready} entry {@code deleting}, unless it was used at or after {@code usedSince}; whether it did. */
    boolean evict(String id, Instant usedSince);

    /** Marks the entry {@code creator} failed to fill {@code deleting}; whether it was {@code creating} for it. */
    boolean discard(String id, String creator);

    /** Forgets an entry whose volume is deleted. */
    void remove(String id);

    /** The backend's entries, least recently used first; every backend's when {@code backendHost} is {@code null}. */
    List<ImageCacheEntry> entries(String backendHost);
}
