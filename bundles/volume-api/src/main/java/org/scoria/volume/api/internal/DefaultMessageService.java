package org.scoria.volume.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.UserMessage;
import org.scoria.persistence.UserMessageStore;
import org.scoria.volume.api.MessageService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** User messages over their store, and the periodic removal of old ones. */
@Component(service = MessageService.class, configurationPid = "org.scoria.volume.api")
public class DefaultMessageService implements MessageService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMessageService.class);

    private final UserMessageStore store;
    private final Duration ttl;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "scoria-message-reaper"));

    @Activate
    public DefaultMessageService(@Reference UserMessageStore store, DefaultVolumeService.Config config) {
        this.store = store;
        this.ttl = Duration.ofSeconds(config.message_ttl_seconds());
        long interval = Math.max(1, config.message_reap_interval_seconds());
        reaper.scheduleWithFixedDelay(this::reap, interval, interval, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        reaper.shutdownNow();
    }

    private void reap() {
        try {
            int removed = store.removeOlderThan(Instant.now().minus(ttl));
            if (removed > 0) {
                LOG.info("Removed {} user messages older than {} s or deleted", removed, ttl.toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove old user messages; trying again at the next interval: {}", e.getMessage());
        }
    }

    @Override
    public List<UserMessage> list(RequestContext context, String resourceUuid, String resourceType, String eventId) {
        return store.list(context.admin() ? null : context.projectId(), resourceUuid, resourceType, eventId);
    }

    @Override
    public UserMessage get(RequestContext context, String messageId) {
        return store.find(messageId).filter(message -> context.canSee(message.projectId()))
                .orElseThrow(() -> new ResourceNotFoundException("Message " + messageId + " could not be found."));
    }

    @Override
    public void delete(RequestContext context, String messageId) {
        get(context, messageId);
        if (!store.delete(messageId)) {
            throw new ResourceNotFoundException("Message " + messageId + " could not be found.");
        }
    }

    @Override
    public Instant keptUntil(UserMessage message) {
        return message.createdAt().plus(ttl);
    }
}
