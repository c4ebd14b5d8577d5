package org.scoria.messaging.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.messaging.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's name from {@code etc/org.scoria.node.cfg}; a change restarts what signs with it. */
@Component(service = Node.class, configurationPid = "org.scoria.node")
@Designate(ocd = ConfiguredNode.Config.class)
public class ConfiguredNode implements Node {

    @ObjectClassDefinition(name = "Scoria node")
    public @interface Config {
        @AttributeDefinition(name = "Name",
                description = "This node's name among the nodes sharing one database and broker; empty for the machine's host name.")
        String name() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredNode.class);

    private final String name;

    @Activate
    public ConfiguredNode(Config config) {
        this.name = config.name().isBlank() ? machineName() : config.name().trim();
        LOG.info("This is node {}", name);
    }

    @Override
    public String name() {
        return name;
    }

    /** The machine's host name, what Cinder names a service by when nothing else is set. */
    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
