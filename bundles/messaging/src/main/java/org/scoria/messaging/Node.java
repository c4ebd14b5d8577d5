package org.scoria.messaging;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node among the nodes that share one database and broker: what its reports and heartbeats
 * are signed with.
 *
 * @since 1.8
 */
@ProviderType
public interface Node {

    /** The operator's name for the node ({@code etc/org.scoria.node.cfg}), else the machine's host name. */
    String name();
}
