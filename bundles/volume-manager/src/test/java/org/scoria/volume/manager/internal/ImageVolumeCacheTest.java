package org.scoria.volume.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.After;
import org.junit.Test;
import org.scoria.persistence.ImageCacheEntry;
import org.scoria.persistence.ImageCacheEntry.Status;
import org.scoria.persistence.testing.InMemoryStores;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.VolumeSpec;

/** The image-volume cache's rules, on the real store (in-memory Derby); the driver's deletes are recorded. */
public class ImageVolumeCacheTest {

    private static final String BACKEND = "node@nfs";

    private final InMemoryStores stores = new InMemoryStores();
    private final List<String> deleted = new ArrayList<>();
    private boolean driverFails;
    private final ImageVolumeCache.Deleter deleter = cached -> {
        if (driverFails) {
            throw new DriverException("the share is away");
        }
        deleted.add(cached.id());
    };

    public ImageVolumeCacheTest() throws Exception {
    }

    @After
    public void close() {
        stores.close();
    }

    private ImageVolumeCache cache(int maxCount, int maxSizeGb, Duration inUse) {
        return new ImageVolumeCache(stores.imageCache, new ImageVolumeCache.Limits(true, maxCount, maxSizeGb), inUse);
    }

    /** An entry filled with the image, then left alone for a moment, so that it ages. */
    private ImageCacheEntry filled(ImageVolumeCache cache, String imageId, int sizeGb) throws InterruptedException {
        ImageCacheEntry entry = cache.claim(BACKEND, imageId, sizeGb, "volume-of-" + imageId).orElseThrow();
        cache.filled(entry);
        Thread.sleep(10);
        return entry;
    }

    @Test
    public void onlyAFilledEntryThatTheVolumeHoldsIsCloned() throws Exception {
        ImageVolumeCache cache = cache(0, 0, Duration.ofMinutes(5));
        ImageCacheEntry entry = cache.claim(BACKEND, "image-1", 2, "volume-1").orElseThrow();
        assertEquals("not while it is filled", Optional.empty(), cache.hit(BACKEND, "image-1", 2));
        assertEquals("another create writes its own volume", Optional.empty(), cache.claim(BACKEND, "image-1", 2, "volume-2"));
        cache.filled(entry);
        assertEquals(Optional.of(new VolumeSpec(entry.id(), 2, null)), cache.hit(BACKEND, "image-1", 2));
        assertEquals("a volume smaller than the image's disk", Optional.empty(), cache.hit(BACKEND, "image-1", 1));
        assertEquals("another backend's cache", Optional.empty(), cache.hit("node@rbd", "image-1", 2));
        assertEquals("a disabled cache", Optional.empty(), new ImageVolumeCache(stores.imageCache,
                ImageVolumeCache.Limits.DISABLED, Duration.ZERO).hit(BACKEND, "image-1", 2));
    }

    @Test
    public void theLeastRecentlyUsedEntriesLeaveBeyondTheCountExceptTheNewOne() throws Exception {
        ImageVolumeCache cache = cache(2, 0, Duration.ZERO);
        ImageCacheEntry oldest = filled(cache, "image-1", 1);
        ImageCacheEntry used = filled(cache, "image-2", 1);
        ImageCacheEntry newest = filled(cache, "image-3", 1);
        assertTrue(cache.hit(BACKEND, "image-1", 1).isPresent());
        Thread.sleep(10);
        cache.evict(BACKEND, newest.id(), deleter);
        assertEquals("image-2 was used least recently", List.of(used.id()), deleted);
        assertEquals("least recently used first", List.of(newest.id(), oldest.id()),
                ids(stores.imageCache.entries(BACKEND)));

        ImageCacheEntry fourth = filled(cache, "image-4", 1);
        cache.evict(BACKEND, fourth.id(), deleter);
        assertEquals(List.of(used.id(), newest.id()), deleted);
    }

    @Test
    public void entriesLeaveBeyondTheSizeButNotWhileInUse() throws Exception {
        ImageVolumeCache cache = cache(0, 5, Duration.ofMinutes(5));
        filled(cache, "image-1", 3);
        ImageCacheEntry big = filled(cache, "image-2", 4);
        cache.evict(BACKEND, big.id(), deleter);
        assertEquals("image-1 was used moments ago: a clone may be under way", List.of(), deleted);

        ImageVolumeCache later = cache(0, 5, Duration.ZERO);
        later.evict(BACKEND, big.id(), deleter);
        assertEquals(1, deleted.size());
        assertEquals(List.of(big.id()), ids(stores.imageCache.entries(BACKEND)));
    }

    @Test
    public void anEntryTheDriverCouldNotDeleteIsDeletedByTheNextEviction() throws Exception {
        ImageVolumeCache cache = cache(1, 0, Duration.ZERO);
        ImageCacheEntry first = filled(cache, "image-1", 1);
        ImageCacheEntry second = filled(cache, "image-2", 1);
        driverFails = true;
        cache.evict(BACKEND, second.id(), deleter);
        assertEquals(Status.DELETING, stores.imageCache.find(BACKEND, "image-1").orElseThrow().status());
        assertEquals("nothing is cloned from it", Optional.empty(), cache.hit(BACKEND, "image-1", 1));

        driverFails = false;
        cache.evict(BACKEND, second.id(), deleter);
        assertEquals(List.of(first.id()), deleted);
        assertFalse(stores.imageCache.find(BACKEND, "image-1").isPresent());
    }

    @Test
    public void aFailedFillIsDeletedSoThatTheNextCreateFillsItAgain() throws Exception {
        ImageVolumeCache cache = cache(0, 0, Duration.ZERO);
        ImageCacheEntry entry = cache.claim(BACKEND, "image-1", 1, "volume-1").orElseThrow();
        cache.failed(entry, "volume-2", deleter);
        assertEquals("only its creator gives it up", List.of(), deleted);
        cache.failed(entry, "volume-1", deleter);
        assertEquals(List.of(entry.id()), deleted);
        assertTrue(cache.claim(BACKEND, "image-1", 1, "volume-3").isPresent());
    }

    private static List<String> ids(List<ImageCacheEntry> entries) {
        return entries.stream().map(ImageCacheEntry::id).toList();
    }
}
