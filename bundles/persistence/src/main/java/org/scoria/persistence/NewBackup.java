package org.scoria.persistence;

import java.util.Map;

/**
 * What a backup request asks for.
 *
 * @param container   the container the request named, or {@code null} for the store's default
 * @param incremental whether it builds on the volume's latest available backup
 * @since 3.1
 */
public record NewBackup(String projectId, String userId, String volumeId, String snapshotId, String name,
        String description, String container, boolean incremental, String availabilityZone,
        Map<String, String> metadata) {

    public NewBackup {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
