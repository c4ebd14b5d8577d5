package org.scoria.volume.api.internal;

import java.time.Duration;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.UserMessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that removes user messages older than their time to live (Cinder's
 * {@code message_ttl}). Every node runs it: a removal is one delete by age, so two nodes running
 * it at once remove each message once between them.
 */
@Component(configurationPid = "org.scoria.volume.api")
public class UserMessageReaper {

    private static final Logger LOG = LoggerFactory.getLogger(UserMessageReaper.class);

    private final UserMessageStore store;
    private final Duration ttl;
    private final PeriodicJob reaper;

    @Activate
    public UserMessageReaper(@Reference UserMessageStore store, DefaultVolumeService.Config config) {
        this.store = store;
        this.ttl = Duration.ofSeconds(config.message_ttl_seconds());
        this.reaper = new PeriodicJob("scoria-message-reaper", Duration.ofSeconds(config.message_reap_interval_seconds()),
                "remove old user messages", LOG, () -> reap(Instant.now().minus(ttl)));
    }

    @Deactivate
    public void deactivate() {
        reaper.close();
    }

    /** Removes the messages created before {@code cutoff}; how many this node removed. */
    int reap(Instant cutoff) {
        int removed = store.removeOlderThan(cutoff);
        if (removed > 0) {
            LOG.info("Removed {} user messages older than {} s or deleted", removed, ttl.toSeconds());
        }
        return removed;
    }
}
