package org.scoria.itests;

import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A standalone Artemis broker in a process of its own, for tests that take the broker away and
 * bring it back: {@code java -cp <test classpath> org.scoria.itests.StandaloneArtemis <port> <data directory>}.
 * It keeps its journal in the data directory, so a broker started again on the same directory
 * has the messages the last one persisted. It prints {@code READY} once it accepts connections.
 */
public final class StandaloneArtemis {

    private StandaloneArtemis() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("scoria-test-broker");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
