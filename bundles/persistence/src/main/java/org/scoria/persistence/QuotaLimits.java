package org.scoria.persistence;

import java.util.Map;

/**
 * The limits a change is checked against, by resource: {@link #VOLUMES}, {@link #GIGABYTES}…
 * and their per-type forms ({@link #ofType}). A resource without a limit, or with {@code -1},
 * is unlimited.
 *
 * @since 2.2
 */
public record QuotaLimits(Map<String, Long> limits) {

    public static final String VOLUMES = "volumes";
    public static final String SNAPSHOTS = "snapshots";
    /** Volumes' and snapshots' sizes together, as Cinder counts them. */
    public static final String GIGABYTES = "gigabytes";
    public static final String BACKUPS = "backups";
    public static final String BACKUP_GIGABYTES = "backup_gigabytes";
    public static final String GROUPS = "groups";

    /** No limits: changes that do not consume quota, and tests. */
    public static final QuotaLimits UNLIMITED = new QuotaLimits(Map.of());

    public QuotaLimits {
        limits = Map.copyOf(limits);
    }

    /** The limit of a resource, {@code -1} when unlimited. */
    public long limit(String resource) {
        return limits.getOrDefault(resource, -1L);
    }

    /** A resource counted for one volume type only, e.g. the volumes of type {@code typeId}. */
    public static String ofType(String resource, String typeId) {
        return resource + ":" + typeId;
    }
}
