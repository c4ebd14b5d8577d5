package org.scoria.volume.api;

import java.util.Map;

/**
 * A request to snapshot a volume, as the user gave it.
 *
 * @param force    Cinder's {@code force}: snapshot a volume that is attached (accepted; volumes are not attached yet)
 * @param metadata the user's metadata, or {@code null}
 * @since 2.0
 */
public record CreateSnapshotRequest(String volumeId, String name, String description, boolean force,
        Map<String, String> metadata) {
}
