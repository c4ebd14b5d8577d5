package org.scoria.volume.manager.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

import org.scoria.image.ImageService;

/** The image transfers of tests that make no volume from an image (ImageIT does, against a real Glance). */
final class NoImages {

    private NoImages() {
    }

    static ImageTransfers transfers() {
        ImageService none = (ImageService) Proxy.newProxyInstance(ImageService.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException("no image service in these tests");
                });
        Path staging = Path.of("target", "image-staging");
        StallWatch unused = new StallWatch(Executors.newSingleThreadScheduledExecutor(), Duration.ofMinutes(1));
        return new ImageTransfers(new ImageStaging(none, staging, "qemu-img", 60, unused),
                new ImageUploads(none, null, staging), null, new ImageVolumeCache(null, ImageVolumeCache.Limits.DISABLED,
                        Duration.ofMinutes(1)));
    }
}
