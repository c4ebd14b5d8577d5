package org.scoria.volume.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.QosSpecs;
import org.scoria.persistence.VolumeType;

/**
 * QoS specs and their association with volume types; administrators only, as in Cinder.
 *
 * @since 2.1
 */
@ProviderType
public interface QosSpecsService {

    /** @param specs the keys, {@code consumer} among them (default {@code back-end}) */
    QosSpecs create(RequestContext context, String name, Map<String, String> specs);

    List<QosSpecs> list(RequestContext context);

    QosSpecs get(RequestContext context, String id);

    /** Adds or changes keys ({@code consumer} among them); the keys written. */
    Map<String, String> update(RequestContext context, String id, Map<String, String> specs);

    QosSpecs deleteKeys(RequestContext context, String id, List<String> keys);

    /** @param force disassociate the specs from their types first, instead of refusing */
    void delete(RequestContext context, String id, boolean force);

    List<VolumeType> associations(RequestContext context, String id);

    void associate(RequestContext context, String id, String typeId);

    void disassociate(RequestContext context, String id, String typeId);

    void disassociateAll(RequestContext context, String id);
}
