package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.scoria.volume.api.Policy;
import org.scoria.volume.api.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's policy: rules by name, written in oslo.policy's language, with Cinder's defaults
 * (bundled {@code default-policy.yaml}) under the operator's overrides from a policy file in the
 * same format as Cinder's {@code policy.yaml}. The file is read again when it changes (looked at
 * once a second at most); a file that does not parse is logged and the rules in force stay.
 */
final class RulePolicy implements Policy {

    private static final Logger LOG = LoggerFactory.getLogger(RulePolicy.class);
    private static final String DEFAULTS = "default-policy.yaml";
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Map<String, PolicyRule> defaults;
    private final Path overrides;
    private volatile Map<String, PolicyRule> rules;
    private volatile FileTime loadedVersion;
    private volatile long checkedAt;

    /** @param overrides the operator's policy file; it need not exist */
    RulePolicy(Path overrides) {
        try (InputStream in = RulePolicy.class.getResourceAsStream(DEFAULTS)) {
            this.defaults = PolicyRule.parseFile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("The bundled " + DEFAULTS + " cannot be read", e);
        }
        this.overrides = overrides;
        this.rules = defaults;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS;
        current();
    }

    /** A caller's context as this policy sees it: an administrator when {@code context_is_admin} holds. */
    RequestContext context(String user, String project, Set<String> roles, String requestId, String authToken) {
        RequestContext caller = new RequestContext(user, project, roles, false, requestId, this, authToken);
        return allows("context_is_admin", caller)
                ? new RequestContext(user, project, roles, true, caller.requestId(), this, authToken) : caller;
    }

    @Override
    public boolean allows(String rule, RequestContext caller) {
        Map<String, PolicyRule> in = current();
        PolicyRule named = in.get(rule);
        if (named == null) {
            named = in.get("default");
        }
        return named != null && named.test(caller, in, new HashSet<>());
    }

    private Map<String, PolicyRule> current() {
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) {
            return rules;
        }
        synchronized (this) {
            if (now - checkedAt < RECHECK_NANOS) {
                return rules;
            }
            checkedAt = now;
            FileTime version;
            try {
                version = Files.getLastModifiedTime(overrides);
            } catch (NoSuchFileException absent) {
                version = null;
            } catch (IOException e) {
                LOG.error("The policy file {} cannot be read ({}); the rules in force stay", overrides, e.toString());
                return rules;
            }
            if (Objects.equals(version, loadedVersion)) {
                return rules;
            }
            Map<String, PolicyRule> loaded = new LinkedHashMap<>(defaults);
            if (version != null) {
                Map<String, PolicyRule> overridden;
                try {
                    overridden = PolicyRule.parseFile(Files.readString(overrides));
                } catch (IOException | IllegalArgumentException e) {
                    LOG.error("The policy file {} is refused, the rules in force stay: {}", overrides, e.getMessage());
                    loadedVersion = version;
                    return rules;
                }
                loaded.putAll(overridden);
                LOG.info("Policy: {} rules from {} over Cinder's defaults", overridden.size(), overrides);
            }
            rules = Map.copyOf(loaded);
            loadedVersion = version;
            return rules;
        }
    }
}
