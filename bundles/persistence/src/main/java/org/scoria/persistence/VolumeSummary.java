package org.scoria.persistence;

/**
 * How many volumes a query selects and their total size, Cinder's {@code volume-summary}.
 *
 * @since 1.1
 */
public record VolumeSummary(long totalCount, long totalSizeGb) {
}
