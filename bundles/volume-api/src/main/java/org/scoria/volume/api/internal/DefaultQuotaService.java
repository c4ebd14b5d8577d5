package org.scoria.volume.api.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.persistence.QuotaExceededException;
import org.scoria.persistence.QuotaLimits;
import org.scoria.persistence.QuotaStore;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.OverQuotaException;
import org.scoria.volume.api.PolicyNotAuthorizedException;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Quota limits by Cinder's names over the quota store, which counts usage and enforces them. */
@Component(service = QuotaService.class, configurationPid = "org.scoria.quota")
@Designate(ocd = DefaultQuotaService.Config.class)
public class DefaultQuotaService implements QuotaService {

    @ObjectClassDefinition(name = "Scoria quotas", description = "Default limits of every project; -1 is no limit.")
    public @interface Config {
        @AttributeDefinition(name = "Volumes")
        long quota_volumes() default 10;

        @AttributeDefinition(name = "Snapshots")
        long quota_snapshots() default 10;

        @AttributeDefinition(name = "Gigabytes", description = "Of volumes and snapshots together.")
        long quota_gigabytes() default 1000;

        @AttributeDefinition(name = "Backups")
        long quota_backups() default 10;

        @AttributeDefinition(name = "Backup gigabytes")
        long quota_backup_gigabytes() default 1000;

        @AttributeDefinition(name = "Groups")
        long quota_groups() default 10;

        @AttributeDefinition(name = "Largest volume (GiB)")
        long per_volume_size_limit() default -1;
    }

    static final String DEFAULT_CLASS = "default";
    static final String PER_VOLUME = "per_volume_gigabytes";
    /** The resources counted per volume type, as prefixes of Cinder's per-type names. */
    private static final List<String> PER_TYPE = List.of(QuotaLimits.VOLUMES, QuotaLimits.SNAPSHOTS, QuotaLimits.GIGABYTES);

    private static final Logger LOG = LoggerFactory.getLogger(DefaultQuotaService.class);

    private final QuotaStore store;
    private final VolumeTypeStore types;
    private final Map<String, Long> configured = new LinkedHashMap<>();

    @Activate
    public DefaultQuotaService(@Reference QuotaStore store, @Reference VolumeTypeStore types, Config config) {
        this.store = store;
        this.types = types;
        configured.put(QuotaLimits.VOLUMES, config.quota_volumes());
        configured.put(QuotaLimits.SNAPSHOTS, config.quota_snapshots());
        configured.put(QuotaLimits.GIGABYTES, config.quota_gigabytes());
        configured.put(QuotaLimits.BACKUPS, config.quota_backups());
        configured.put(QuotaLimits.BACKUP_GIGABYTES, config.quota_backup_gigabytes());
        configured.put(QuotaLimits.GROUPS, config.quota_groups());
        configured.put(PER_VOLUME, config.per_volume_size_limit());
    }

    @Override
    public Map<String, Long> limits(RequestContext context, String projectId) {
        requireOwnOrAdmin(context, projectId);
        Names names = names();
        return names.external(effective(projectId, names));
    }

    @Override
    public Map<String, Usage> usage(RequestContext context, String projectId) {
        requireOwnOrAdmin(context, projectId);
        Map<String, Long> used = store.usage(projectId);
        Map<String, Usage> usage = new LinkedHashMap<>();
        Names names = names();
        effective(projectId, names).forEach((resource, limit) -> usage.put(names.external(resource),
                new Usage(limit, used.getOrDefault(resource, 0L))));
        return usage;
    }

    @Override
    public Map<String, Long> defaults(RequestContext context) {
        Names names = names();
        return names.external(defaultLimits(names));
    }

    @Override
    public Map<String, Long> update(RequestContext context, String projectId, Map<String, Long> limits) {
        context.authorize("volume_extension:quotas:update");
        checkedOwner(projectId);
        Names names = names();
        Map<String, Long> internal = names.internal(limits);
        Map<String, Long> used = store.usage(projectId);
        internal.forEach((resource, limit) -> {
            long inUse = used.getOrDefault(resource, 0L);
            if (limit >= 0 && limit < inUse) {
                // Cinder's words.
                throw new InvalidInputException("Quota " + names.external(resource) + " limit must be equal or greater"
                        + " than existing resources. Current usage is " + inUse + " and the requested limit is " + limit
                        + ".");
            }
        });
        store.setProjectLimits(projectId, internal);
        LOG.info("[{}] Quotas of project {} set by {}: {}", context.requestId(), projectId, context.userId(), limits);
        return names.external(effective(projectId, names));
    }

    @Override
    public void reset(RequestContext context, String projectId) {
        context.authorize("volume_extension:quotas:delete");
        store.clearProjectLimits(projectId);
        LOG.info("[{}] Quotas of project {} reset to the defaults by {}", context.requestId(), projectId, context.userId());
    }

    @Override
    public Map<String, Long> classLimits(RequestContext context, String className) {
        context.authorize("volume_extension:quota_classes");
        return classLimits(className, names());
    }

    @Override
    public Map<String, Long> updateClass(RequestContext context, String className, Map<String, Long> limits) {
        context.authorize("volume_extension:quota_classes:update");
        Names names = names();
        store.setClassLimits(checkedOwner(className), names.internal(limits));
        LOG.info("[{}] Quota class {} set by {}: {}", context.requestId(), className, context.userId(), limits);
        return classLimits(className, names);
    }

    private Map<String, Long> classLimits(String className, Names names) {
        return names.external(overlay(DEFAULT_CLASS.equals(className) ? defaultLimits(names)
                : names.withTypes(configured), store.classLimits(className)));
    }

    @Override
    public QuotaLimits enforced(String projectId) {
        // Per-type limits default to none: only the rows that set them matter, so no type is read here.
        Map<String, Long> limits = new HashMap<>(configured);
        limits.putAll(store.classLimits(DEFAULT_CLASS));
        limits.putAll(store.projectLimits(projectId));
        return new QuotaLimits(limits);
    }

    @Override
    public OverQuotaException explain(QuotaExceededException refusal) {
        String name = names().external(refusal.resource());
        String resource = refusal.resource().split(":", 2)[0];
        if (resource.equals(QuotaLimits.GIGABYTES)) {
            return new OverQuotaException("Requested volume or snapshot exceeds allowed " + name + " quota. Requested "
                    + refusal.requested() + "G, quota is " + refusal.limit() + "G and " + refusal.inUse()
                    + "G has been consumed.");
        }
        return new OverQuotaException("Maximum number of " + resource + " allowed (" + refusal.limit()
                + ") exceeded for quota '" + name + "'.");
    }

    @Override
    public void checkVolumeSize(QuotaLimits limits, int sizeGb) {
        long limit = limits.limit(PER_VOLUME);
        if (limit >= 0 && sizeGb > limit) {
            throw new OverQuotaException("Requested volume size " + sizeGb + "G is larger than maximum allowed limit "
                    + limit + "G.");
        }
    }

    /** The configured defaults, -1 for every per-type resource, under the default class's rows. */
    private Map<String, Long> defaultLimits(Names names) {
        return overlay(names.withTypes(configured), store.classLimits(DEFAULT_CLASS));
    }

    private Map<String, Long> effective(String projectId, Names names) {
        return overlay(defaultLimits(names), store.projectLimits(projectId));
    }

    /** {@code base} with the limits of {@code rows} over it; rows of types deleted since are of no concern. */
    private static Map<String, Long> overlay(Map<String, Long> base, Map<String, Long> rows) {
        Map<String, Long> limits = new LinkedHashMap<>(base);
        rows.forEach((resource, limit) -> limits.replace(resource, limit));
        return limits;
    }

    private Names names() {
        return new Names(types.names());
    }

    /** The types' names by id, read once per request: Cinder's resource names to the store's and back. */
    private record Names(Map<String, String> typeNames) {

        /** Limits with every per-type resource of the live types, unlimited. */
        Map<String, Long> withTypes(Map<String, Long> limits) {
            Map<String, Long> all = new LinkedHashMap<>(limits);
            for (String typeId : typeNames.keySet()) {
                PER_TYPE.forEach(resource -> all.put(QuotaLimits.ofType(resource, typeId), -1L));
            }
            return all;
        }

        /** Limits by Cinder's names, sorted. */
        Map<String, Long> external(Map<String, Long> limits) {
            Map<String, Long> named = new TreeMap<>();
            limits.forEach((resource, limit) -> named.put(external(resource), limit));
            return named;
        }

        /** Cinder's names to the store's: {@code gigabytes_gold} is {@code gigabytes:<gold's id>}. */
        Map<String, Long> internal(Map<String, Long> limits) {
            Map<String, Long> internal = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            limits.forEach((name, limit) -> {
                String resource = internal(name);
                if (resource == null) {
                    unknown.add(name);
                } else if (limit == null || limit < -1) {
                    throw new InvalidInputException("Quota limit " + limit + " for " + name
                            + " must be an integer of at least -1.");
                } else {
                    internal.put(resource, limit);
                }
            });
            if (!unknown.isEmpty()) {
                throw new InvalidInputException("Bad key(s) in quota set: " + String.join(", ", unknown));
            }
            return internal;
        }

        String external(String resource) {
            String[] parts = resource.split(":", 2);
            return parts.length == 1 ? resource : parts[0] + "_" + typeNames.getOrDefault(parts[1], parts[1]);
        }

        String internal(String name) {
            if (List.of(QuotaLimits.VOLUMES, QuotaLimits.SNAPSHOTS, QuotaLimits.GIGABYTES, QuotaLimits.BACKUPS,
                    QuotaLimits.BACKUP_GIGABYTES, QuotaLimits.GROUPS, PER_VOLUME).contains(name)) {
                return name;
            }
            for (String resource : PER_TYPE) {
                if (name.startsWith(resource + "_")) {
                    String typeName = name.substring(resource.length() + 1);
                    for (Map.Entry<String, String> type : typeNames.entrySet()) {
                        if (type.getValue().equals(typeName)) {
                            return QuotaLimits.ofType(resource, type.getKey());
                        }
                    }
                }
            }
            return null;
        }
    }

    private static void requireOwnOrAdmin(RequestContext context, String projectId) {
        if (!context.canSee(projectId)) {
            throw new PolicyNotAuthorizedException("volume_extension:quotas:show");
        }
    }

    /** A project or class name must fit where it is kept; Cinder would ask Keystone instead. */
    private static String checkedOwner(String owner) {
        if (owner == null || owner.isBlank() || owner.length() > InputChecks.MAX_TEXT_LENGTH) {
            throw new InvalidInputException("A project or quota class of 1 to 255 characters is required.");
        }
        return owner;
    }
}
