package org.scoria.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.scoria.persistence.VolumeType;

/**
 * Cinder v3 volume type bodies: the one place that decides which fields an answer has. Cinder
 * answers create and update with its older view (no QoS specs id), create with the type-access
 * flag too, and show and list with the QoS specs id for administrators.
 */
final class VolumeTypeViews {

    static final String IS_PUBLIC = "os-volume-type-access:is_public";

    private VolumeTypeViews() {
    }

    /** @param extraSpecs the specs the caller may see */
    static Map<String, Object> created(VolumeType type, Map<String, String> extraSpecs) {
        Map<String, Object> view = updated(type, extraSpecs);
        view.put(IS_PUBLIC, type.isPublic());
        return view;
    }

    static Map<String, Object> updated(VolumeType type, Map<String, String> extraSpecs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", type.id());
        view.put("name", type.name());
        view.put("is_public", type.isPublic());
        view.put("description", type.description());
        view.put("extra_specs", extraSpecs);
        return view;
    }

    static Map<String, Object> shown(VolumeType type, Map<String, String> extraSpecs, boolean admin) {
        Map<String, Object> view = updated(type, extraSpecs);
        if (admin) {
            view.put("qos_specs_id", type.qosSpecsId());
        }
        view.put(IS_PUBLIC, type.isPublic());
        return view;
    }
}
