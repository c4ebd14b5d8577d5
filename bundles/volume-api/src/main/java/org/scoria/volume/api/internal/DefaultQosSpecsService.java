package org.scoria.volume.api.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.NameInUseException;
import org.scoria.persistence.QosSpecs;
import org.scoria.persistence.QosSpecsStore;
import org.scoria.persistence.VolumeType;
import org.scoria.persistence.VolumeTypeStore;
import org.scoria.volume.api.ConflictException;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.QosSpecsService;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cinder's qos_specs_manage over the QoS store; every operation is an administrator's. */
@Component(service = QosSpecsService.class)
public class DefaultQosSpecsService implements QosSpecsService {

    static final String CONSUMER = "consumer";
    private static final Set<String> CONSUMERS = Set.of("front-end", "back-end", "both");
    private static final String POLICY = "volume_extension:qos_specs_manage:";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultQosSpecsService.class);

    private final QosSpecsStore store;
    private final VolumeTypeStore types;

    @Activate
    public DefaultQosSpecsService(@Reference QosSpecsStore store, @Reference VolumeTypeStore types) {
        this.store = store;
        this.types = types;
    }

    @Override
    public QosSpecs create(RequestContext context, String name, Map<String, String> specs) {
        context.authorize(POLICY + "create");
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("QoS specs name can not be empty.");
        }
        String checkedName = InputChecks.text("name", name);
        Map<String, String> keys = new HashMap<>(InputChecks.metadata(specs));
        String consumer = consumer(keys.remove(CONSUMER));
        try {
            QosSpecs created = store.create(checkedName, consumer == null ? "back-end" : consumer, keys);
            LOG.info("[{}] QoS specs {} ({}) created by {}", context.requestId(), created.name(), created.id(),
                    context.userId());
            return created;
        } catch (NameInUseException e) {
            throw new ConflictException("QoS Specs " + checkedName + " already exists.");
        }
    }

    @Override
    public List<QosSpecs> list(RequestContext context) {
        context.authorize(POLICY + "get_all");
        return store.list();
    }

    @Override
    public QosSpecs get(RequestContext context, String id) {
        context.authorize(POLICY + "get");
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    @Override
    public Map<String, String> update(RequestContext context, String id, Map<String, String> specs) {
        context.authorize(POLICY + "update");
        Map<String, String> keys = new HashMap<>(InputChecks.metadata(specs));
        String consumer = consumer(keys.remove(CONSUMER));
        store.update(id, consumer, keys).orElseThrow(() -> notFound(id));
        return specs;
    }

    @Override
    public QosSpecs deleteKeys(RequestContext context, String id, List<String> keys) {
        context.authorize(POLICY + "delete");
        QosSpecs specs = get(context, id);
        for (String key : keys) {
            if (!specs.specs().containsKey(key)) {
                throw new ResourceNotFoundException("QoS spec " + key + " not found.");
            }
        }
        return store.deleteKeys(id, keys).orElseThrow(() -> notFound(id));
    }

    @Override
    public void delete(RequestContext context, String id, boolean force) {
        context.authorize(POLICY + "delete");
        QosSpecs specs = get(context, id);
        if (!store.delete(id, force)) {
            throw store.find(id).isPresent() ? new InvalidInputException("QoS Specs " + id
                    + " is still associated with entities.") : notFound(id);
        }
        LOG.info("[{}] QoS specs {} ({}) deleted by {}", context.requestId(), specs.name(), id, context.userId());
    }

    @Override
    public List<VolumeType> associations(RequestContext context, String id) {
        context.authorize(POLICY + "get_all");
        get(context, id);
        return store.associations(id);
    }

    @Override
    public void associate(RequestContext context, String id, String typeId) {
        context.authorize(POLICY + "update");
        get(context, id);
        VolumeType type = type(typeId);
        if (!store.associate(id, type.id())) {
            String current = types.find(type.id()).map(VolumeType::qosSpecsId).orElse(null);
            throw current != null ? new InvalidInputException("Type " + type.id()
                    + " is already associated with another qos specs: " + current) : notFound(id);
        }
        LOG.info("[{}] QoS specs {} associated with volume type {}", context.requestId(), id, type.name());
    }

    @Override
    public void disassociate(RequestContext context, String id, String typeId) {
        context.authorize(POLICY + "update");
        get(context, id);
        VolumeType type = type(typeId);
        if (!store.disassociate(id, type.id())) {
            throw new InvalidInputException("Volume type " + type.id() + " is not associated with QoS specs " + id + ".");
        }
    }

    @Override
    public void disassociateAll(RequestContext context, String id) {
        context.authorize(POLICY + "update");
        get(context, id);
        store.disassociateAll(id);
    }

    private VolumeType type(String typeId) {
        if (typeId == null || typeId.isBlank()) {
            throw new InvalidInputException("Volume Type id must not be None.");
        }
        return types.find(typeId).orElseThrow(() -> new ResourceNotFoundException("Volume type " + typeId
                + " could not be found."));
    }

    private static String consumer(String consumer) {
        if (consumer != null && !CONSUMERS.contains(consumer)) {
            throw new InvalidInputException("Valid consumer of QoS specs are: ['back-end', 'both', 'front-end']");
        }
        return consumer;
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("QoS Specs " + id + " could not be found.");
    }
}
