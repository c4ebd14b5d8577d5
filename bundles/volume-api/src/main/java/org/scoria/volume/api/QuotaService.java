package org.scoria.volume.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.QuotaLimits;

/**
 * Cinder's quota sets and quota classes. Resources are named as Cinder names them:
 * {@code volumes}, {@code snapshots}, {@code gigabytes}, {@code backups}, {@code backup_gigabytes},
 * {@code groups}, {@code per_volume_gigabytes}, and per volume type {@code volumes_<type>},
 * {@code snapshots_<type>}, {@code gigabytes_<type>}. A limit of {@code -1} is no limit. A project's
 * limit is its own, else the {@code default} quota class's, else the configured default.
 *
 * @since 2.2
 */
@ProviderType
public interface QuotaService {

    /** One resource of a project: its limit and what is used. Scoria reserves nothing ahead, so reserved is 0. */
    record Usage(long limit, long inUse) {
    }

    /** A project's limits (its own or the defaults); the caller's own project, or any for an administrator. */
    Map<String, Long> limits(RequestContext context, String projectId);

    /** A project's limits and usage. */
    Map<String, Usage> usage(RequestContext context, String projectId);

    /** The limits a project without its own would have. */
    Map<String, Long> defaults(RequestContext context);

    /**
     * Sets some of a project's limits (administrators); its limits now.
     *
     * @throws InvalidInputException for an unknown resource, a limit below -1, or below what is used
     */
    Map<String, Long> update(RequestContext context, String projectId, Map<String, Long> limits);

    /** Drops a project's own limits (administrators). */
    void reset(RequestContext context, String projectId);

    Map<String, Long> classLimits(RequestContext context, String className);

    Map<String, Long> updateClass(RequestContext context, String className, Map<String, Long> limits);

    /** The limits the stores enforce for a project, by {@link QuotaLimits}' resource names. */
    QuotaLimits enforced(String projectId);

    /** The user's error for a refused change, in Cinder's words, naming the resource as Cinder does. */
    OverQuotaException explain(QuotaExceededException refusal);

    /**
     * Refuses a volume larger than the {@code per_volume_gigabytes} of a project's {@link #enforced} limits.
     *
     * @throws OverQuotaException when it is
     */
    void checkVolumeSize(QuotaLimits limits, int sizeGb);
}
