package org.scoria.volume.manager.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.scoria.persistence.ImageCacheEntry;
import org.scoria.persistence.ImageCacheEntry.Status;
import org.scoria.persistence.ImageCacheStore;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends' image-volume caches (Cinder's image-volume cache, without its internal tenant): per
 * backend and image, a volume of Scoria's own holding the image, filled by the first create from the
 * image and cloned by the next ones. Entries are least-recently-used, bounded per backend by count
 * and size; an entry used within the last driver call timeout is never evicted, since a clone may
 * be under way.
 */
final class ImageVolumeCache {

    /**
     * How large a backend's cache may grow.
     *
     * @param maxCount  entries at most, 0 for no limit
     * @param maxSizeGb GiB of entries at most, 0 for no limit
     */
    record Limits(boolean enabled, int maxCount, int maxSizeGb) {
        static final Limits DISABLED = new Limits(false, 0, 0);
    }

    /** Deletes an entry's volume with the backend's driver, through the vendor guard. */
    @FunctionalInterface
    interface Deleter {
        void delete(VolumeSpec cached) throws DriverException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImageVolumeCache.class);

    private final ImageCacheStore store;
    private final Limits limits;
    /** How recently used an entry must not be to be evicted; how long a fill may take before others take it over. */
    private final Duration inUse;

    ImageVolumeCache(ImageCacheStore store, Limits limits, Duration inUse) {
        this.store = store;
        this.limits = limits;
        this.inUse = inUse;
    }

    boolean enabled() {
        return limits.enabled();
    }

    /** The backend's filled entry of the image, when the volume can hold it, marked used now. */
    Optional<VolumeSpec> hit(String backendHost, String imageId, int volumeGb) {
        if (!limits.enabled()) {
            return Optional.empty();
        }
        return store.find(backendHost, imageId)
                .filter(entry -> entry.status() == Status.READY && entry.sizeGb() <= volumeGb)
                .filter(entry -> store.use(entry.id()))
                .map(ImageVolumeCache::spec);
    }

    /**
     * The entry {@code creator} is to fill with the image, unless another create fills it or it is
     * filled already: then {@code creator} writes the image onto its volume itself.
     */
    Optional<ImageCacheEntry> claim(String backendHost, String imageId, int virtualGb, String creator) {
        return store.claim(backendHost, imageId, Math.max(1, virtualGb), creator, Instant.now().minus(inUse.multipliedBy(2)));
    }

    /** The entry holds its image: it may be cloned. */
    void filled(ImageCacheEntry entry) {
        store.ready(entry.id());
        LOG.info("Image {} is cached on {} as volume {} ({} GiB)", entry.imageId(), entry.backendHost(), entry.id(),
                entry.sizeGb());
    }

    /** An entry whose fill failed: its volume is deleted, or left for the next eviction to delete. */
    void failed(ImageCacheEntry entry, String creator, Deleter deleter) {
        if (store.discard(entry.id(), creator)) {
            delete(entry, deleter);
        }
    }

    /**
     * Evicts the backend's least recently used entries while it holds more than the limits allow,
     * except {@code kept}; first deletes what an eviction cut short left.
     */
    void evict(String backendHost, String kept, Deleter deleter) {
        List<ImageCacheEntry> entries = store.entries(backendHost);
        entries.stream().filter(entry -> entry.status() == Status.DELETING).forEach(entry -> delete(entry, deleter));
        List<ImageCacheEntry> live = entries.stream().filter(entry -> entry.status() != Status.DELETING).toList();
        int count = live.size();
        int sizeGb = live.stream().mapToInt(ImageCacheEntry::sizeGb).sum();
        Instant usedSince = Instant.now().minus(inUse);
        for (ImageCacheEntry entry : live) {
            if (!over(count, sizeGb)) {
                return;
            }
            if (entry.id().equals(kept) || !store.evict(entry.id(), usedSince)) {
                continue;
            }
            LOG.info("Image {} leaves the image-volume cache of {} (volume {}, {} GiB, last used {}): the cache holds"
                    + " {} entries, {} GiB, above image.volume.cache.max.count {} or max.size.gb {}", entry.imageId(),
                    backendHost, entry.id(), entry.sizeGb(), entry.lastUsed(), count, sizeGb, limits.maxCount(),
                    limits.maxSizeGb());
            count--;
            sizeGb -= entry.sizeGb();
            delete(entry, deleter);
        }
    }

    private boolean over(int count, int sizeGb) {
        return limits.maxCount() > 0 && count > limits.maxCount() || limits.maxSizeGb() > 0 && sizeGb > limits.maxSizeGb();
    }

    private void delete(ImageCacheEntry entry, Deleter deleter) {
        try {
            deleter.delete(spec(entry));
            store.remove(entry.id());
        } catch (DriverException e) {
            LOG.warn("Image-volume cache entry {} (image {}) on {} could not be deleted, tried again at the next"
                    + " eviction: {}", entry.id(), entry.imageId(), entry.backendHost(), e.getMessage());
        }
    }

    /** An entry as its driver sees it: a volume named after the entry's id. */
    static VolumeSpec spec(ImageCacheEntry entry) {
        return new VolumeSpec(entry.id(), entry.sizeGb(), null);
    }
}
