package org.scoria.persistence;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which volumes to list and in what order, as Cinder's list API asks: exact filters, a name
 * pattern, sort keys, and a page given by a marker (the last id of the previous page) or an
 * offset, and a limit.
 *
 * @param projectId        the project, or {@code null} for every project
 * @param name             exact name, or {@code null}
 * @param nameContains     a substring of the name ({@code name~}), or {@code null}
 * @param status           exact status, or {@code null}
 * @param availabilityZone exact zone, or {@code null}
 * @param bootable         the bootable flag, or {@code null} for either
 * @param metadata         metadata pairs every selected volume has, empty for no condition
 * @param sort             sort keys in order; the id is always the last tie-breaker
 * @param marker           the id after which the page starts, or {@code null}
 * @param offset           how many matching volumes to skip, at least 0
 * @param limit            the most volumes to return, at least 1
 * @param imageMetadata    image metadata pairs every selected volume records (Cinder's {@code glance_metadata}
 *                         filter), empty for no condition @since 4.0
 * @since 1.1
 */
public record VolumeQuery(String projectId, String name, String nameContains, VolumeStatus status,
        String availabilityZone, Boolean bootable, Map<String, String> metadata, List<SortKey> sort, String marker,
        int offset, int limit, Map<String, String> imageMetadata) {

    /** Cinder's default order: newest first. */
    public static final List<SortKey> DEFAULT_SORT = List.of(new SortKey(SortField.CREATED_AT, false),
            new SortKey(SortField.ID, false));

    public VolumeQuery {
        sort = sort == null || sort.isEmpty() ? DEFAULT_SORT : List.copyOf(sort);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        imageMetadata = imageMetadata == null ? Map.of() : Map.copyOf(imageMetadata);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }

    /** A query without an image metadata condition. */
    public VolumeQuery(String projectId, String name, String nameContains, VolumeStatus status, String availabilityZone,
            Boolean bootable, Map<String, String> metadata, List<SortKey> sort, String marker, int offset, int limit) {
        this(projectId, name, nameContains, status, availabilityZone, bootable, metadata, sort, marker, offset, limit,
                Map.of());
    }

    /**
     * The same query over another project ({@code null} for every project).
     *
     * @since 2.0
     */
    public VolumeQuery inProject(String project) {
        return new VolumeQuery(project, name, nameContains, status, availabilityZone, bootable, metadata, sort, marker,
                offset, limit, imageMetadata);
    }

    /**
     * The same query, selecting only volumes whose image metadata has these pairs.
     *
     * @since 4.0
     */
    public VolumeQuery withImageMetadata(Map<String, String> pairs) {
        return new VolumeQuery(projectId, name, nameContains, status, availabilityZone, bootable, metadata, sort, marker,
                offset, limit, pairs);
    }

    /** What volumes may be sorted by, with Cinder's key names. */
    public enum SortField {
        ID("id"), NAME("name"), STATUS("status"), SIZE("size"), AVAILABILITY_ZONE("availability_zone"),
        CREATED_AT("created_at"), UPDATED_AT("updated_at");

        private final String key;

        SortField(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The field for Cinder's key ({@code display_name} is accepted for {@code name}), or {@code null}. */
        public static SortField fromKey(String key) {
            String wanted = key.toLowerCase(Locale.ROOT);
            if (wanted.equals("display_name")) {
                return NAME;
            }
            for (SortField field : values()) {
                if (field.key.equals(wanted)) {
                    return field;
                }
            }
            return null;
        }
    }

    /** One sort key and its direction. */
    public record SortKey(SortField field, boolean ascending) {
        public SortKey {
            Objects.requireNonNull(field, "field");
        }
    }
}
