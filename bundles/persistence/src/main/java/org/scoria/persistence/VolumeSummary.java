package org.scoria.persistence;

import java.util.List;
import java.util.Map;

/**
 * How many volumes a query selects and their total size, Cinder's {@code volume-summary}.
 *
 * @param metadata each metadata key of the selected volumes with its distinct values, sorted
 * @since 1.1
 */
public record VolumeSummary(long totalCount, long totalSizeGb, Map<String, List<String>> metadata) {

    public VolumeSummary {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
