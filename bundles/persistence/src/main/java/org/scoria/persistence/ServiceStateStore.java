package org.scoria.persistence;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The operators' enable/disable switches of services; a service never switched is enabled.
 *
 * @since 2.3
 */
@ProviderType
public interface ServiceStateStore {

    List<ServiceState> all();

    /** Sets a service's switch; {@code reason} only means something when disabling. */
    ServiceState set(String host, String binary, boolean disabled, String reason);
}
