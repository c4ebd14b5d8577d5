package org.scoria.volume.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.UserMessage;
import org.scoria.persistence.UserMessageStore;
import org.scoria.volume.api.MessageService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;

/** User messages over their store; {@link UserMessageReaper} removes old ones. */
@Component(service = MessageService.class, configurationPid = "org.scoria.volume.api")
public class DefaultMessageService implements MessageService {

    private final UserMessageStore store;
    private final Duration ttl;

    @Activate
    public DefaultMessageService(@Reference UserMessageStore store, DefaultVolumeService.Config config) {
        this.store = store;
        this.ttl = Duration.ofSeconds(config.message_ttl_seconds());
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
