package org.scoria.persistence;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Quota limits of projects and of quota classes, and what projects use. Usage is counted from
 * the volumes and snapshots themselves; the stores check it when they write under a per-project
 * lock, so concurrent requests cannot together go over a limit.
 *
 * @since 2.2
 */
@ProviderType
public interface QuotaStore {

    /** The limits set for a project, by resource (not the defaults it falls back to). */
    Map<String, Long> projectLimits(String projectId);

    /** Sets some of a project's limits, leaving the others as they are. */
    void setProjectLimits(String projectId, Map<String, Long> limits);

    /** Drops a project's own limits: it falls back to the defaults. */
    void clearProjectLimits(String projectId);

    Map<String, Long> classLimits(String className);

    void setClassLimits(String className, Map<String, Long> limits);

    /** What the project uses now, by resource, per-type forms included; absent means 0. */
    Map<String, Long> usage(String projectId);
}
