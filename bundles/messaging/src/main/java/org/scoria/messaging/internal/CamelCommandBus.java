package org.scoria.messaging.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.messaging.CallFailedException;
import org.scoria.messaging.CallHandler;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandBus;
import org.scoria.messaging.CommandHandler;
import org.scoria.messaging.MessagingException;
import org.scoria.messaging.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;


/**
 * The bus on Camel and Artemis. One CamelContext, owned by this component, holds one route per
 * subscription.
 * <p>
 * Queue consumers use locally transacted JMS sessions with no external transaction manager:
 * Spring's listener container then exposes the consumer's session to the thread, so commands
 * sent through the {@link org.scoria.messaging.Outbox} travel in the same transaction as the
 * acknowledgement. Database work done by a handler commits before that transaction does; a crash
 * in between redelivers the command, which the guarded status updates make harmless.
 */
@Component(service = CommandBus.class, configurationPid = "org.scoria.messaging")
@Designate(ocd = CamelCommandBus.Config.class)
public class CamelCommandBus implements CommandBus {

    @ObjectClassDefinition(name = "Scoria messaging", description = "How Scoria reaches its Artemis broker.")
    public @interface Config {
        @AttributeDefinition(name = "Broker URL", description = "Artemis core URL; the embedded broker listens on 127.0.0.1:61616.")
        String broker_url() default "tcp://127.0.0.1:61616";

        @AttributeDefinition(name = "Broker user", description = "Empty when the broker needs no login.")
        String broker_user() default "";

        @AttributeDefinition(name = "Broker password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String broker_password() default "";

        @AttributeDefinition(name = "Initial connect attempts", description = "How many times to try the broker at start, every 500 ms, before a send fails.")
        int initial_connect_attempts() default 20;

        @AttributeDefinition(name = "Pause timeout (s)", description = "How long pausing a consumer waits for the messages in hand before rolling them back to the broker.")
        int pause_timeout_seconds() default 120;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CamelCommandBus.class);
    private static final String CONSUMER_COMPONENT = "jms";
    private static final String SENDER_COMPONENT = "jms-send";

    private final ActiveMQConnectionFactory connectionFactory;
    private final CachingConnectionFactory sendConnectionFactory;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final int pauseTimeoutSeconds;

    @Activate
    public CamelCommandBus(BundleContext bundleContext, Config config) throws Exception {
        this.pauseTimeoutSeconds = config.pause_timeout_seconds();

        connectionFactory = new ActiveMQConnectionFactory(config.broker_url());
        if (!config.broker_user().isEmpty()) {
            connectionFactory.setUser(config.broker_user());
            connectionFactory.setPassword(config.broker_password());
        }
        // The embedded broker may still be starting when this bundle is: wait for it rather than fail.
        connectionFactory.setInitialConnectAttempts(config.initial_connect_attempts());
        connectionFactory.setRetryInterval(500);
        connectionFactory.setReconnectAttempts(-1);

        sendConnectionFactory = new CachingConnectionFactory(connectionFactory);
        sendConnectionFactory.setSessionCacheSize(16);

        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        context.setName("scoria-messaging");
        camel = context;
        camel.getShutdownStrategy().setTimeout(pauseTimeoutSeconds);
        camel.getShutdownStrategy().setSuppressLoggingOnTimeout(false);
        // Routes added before start() are never started (karaf-stack pitfall 8): start first.
        camel.start();

        JmsComponent consumers = JmsComponent.jmsComponent(connectionFactory);
        consumers.getConfiguration().setTransacted(true);
        consumers.getConfiguration().setLazyCreateTransactionManager(false);
        consumers.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        consumers.getConfiguration().setDeliveryPersistent(true);
        consumers.getConfiguration().setRecoveryInterval(1000);
        // Never block a component's activation on the broker: it may start after us (same feature install).
        consumers.getConfiguration().setAsyncStartListener(true);
        camel.addComponent(CONSUMER_COMPONENT, consumers);

        JmsComponent senders = JmsComponent.jmsComponent(sendConnectionFactory);
        senders.getConfiguration().setDeliveryPersistent(true);
        camel.addComponent(SENDER_COMPONENT, senders);

        producer = camel.createProducerTemplate();
        LOG.info("Scoria messaging connected to {}", config.broker_url());
    }

    @Deactivate
    void deactivate() {
        try {
            camel.stop();
        } finally {
            sendConnectionFactory.destroy();
            connectionFactory.close();
        }
    }

    @Override
    public void send(String queue, Command command, String duplicateId) {
        try {
            producer.sendBodyAndHeaders(SENDER_COMPONENT + ":queue:" + queue, MessageJson.write(command),
                    duplicateHeader(duplicateId));
        } catch (Exception e) {
            throw new MessagingException("Could not send " + command.type() + " for " + command.resourceId()
                    + " to queue " + queue + ": " + rootMessage(e), e);
        }
    }

    @Override
    public Subscription consume(String queue, int concurrency, CommandHandler handler) {
        return addRoute("queue", queue, "?concurrentConsumers=" + concurrency + "&maxConcurrentConsumers=" + concurrency,
                exchange -> {
                    Command command = MessageJson.read(exchange.getIn().getBody(String.class), Command.class);
                    if (Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class))) {
                        LOG.info("[{}] {} of {} redelivered from queue {}: a consumer before this one did not finish it"
                                + " (rolled back, or its node stopped)", command.requestId(), command.type(),
                                command.resourceId(), queue);
                    }
                    handler.handle(command, (target, next, duplicateId) -> producer.sendBodyAndHeaders(
                            CONSUMER_COMPONENT + ":queue:" + target, MessageJson.write(next), duplicateHeader(duplicateId)));
                });
    }

    @Override
    public <T> T call(String queue, Command command, Class<T> answerType, Duration timeout) {
        String reply;
        try {
            // InOut: Camel waits on a temporary reply queue, and the request's time to live is the timeout.
            reply = producer.requestBody(SENDER_COMPONENT + ":queue:" + queue + "?exchangePattern=InOut&requestTimeout="
                    + timeout.toMillis() + "&deliveryPersistent=false", MessageJson.write(command), String.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof ExchangeTimedOutException) {
                throw new MessagingException("No answer to " + command.type() + " for " + command.resourceId()
                        + " from queue " + queue + " within " + timeout.toMillis() + " ms", e);
            }
            throw new MessagingException("Could not call " + command.type() + " for " + command.resourceId()
                    + " on queue " + queue + ": " + rootMessage(e), e);
        }
        CallAnswer answer = MessageJson.read(reply, CallAnswer.class);
        if (answer.failure() != null) {
            throw new CallFailedException(answer.code(), answer.failure());
        }
        return MessageJson.convert(answer.answer(), answerType);
    }

    /** What goes back to a caller: the answer, or a failure with its code. */
    record CallAnswer(Object answer, String code, String failure) {
    }

    @Override
    public Subscription answer(String queue, int concurrency, CallHandler handler) {
        // Not transacted: a call is answered once, failures included, and never redelivered.
        return addRoute("queue", queue, "?transacted=false&concurrentConsumers=" + concurrency + "&maxConcurrentConsumers="
                + concurrency, exchange -> {
                    CallAnswer answer;
                    try {
                        Command command = MessageJson.read(exchange.getIn().getBody(String.class), Command.class);
                        answer = new CallAnswer(handler.answer(command), null, null);
                    } catch (CallFailedException e) {
                        answer = new CallAnswer(null, e.code(), e.getMessage());
                    } catch (Exception e) {
                        LOG.error("A call on queue {} failed", queue, e);
                        answer = new CallAnswer(null, CallFailedException.ERROR,
                                e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                    exchange.getMessage().setBody(MessageJson.write(answer));
                });
    }

    @Override
    public void publish(String topic, Object event) {
        try {
            producer.sendBody(SENDER_COMPONENT + ":topic:" + topic + "?deliveryPersistent=false&timeToLive=60000",
                    MessageJson.write(event));
        } catch (Exception e) {
            throw new MessagingException("Could not publish to topic " + topic + ": " + rootMessage(e), e);
        }
    }

    @Override
    public <T> Subscription subscribe(String topic, Class<T> type, Consumer<T> listener) {
        return addRoute("topic", topic, "?transacted=false", exchange -> {
            T event;
            try {
                event = MessageJson.read(exchange.getIn().getBody(String.class), type);
            } catch (Exception e) {
                LOG.warn("Dropped an unreadable event on topic {}: {}", topic, e.getMessage());
                return;
            }
            listener.accept(event);
        });
    }

    /** One route consuming a queue or topic ({@code kind}) with the consumer component and {@code options}. */
    private Subscription addRoute(String kind, String destination, String options, Processor processor) {
        String routeId = kind + ":" + destination + ":" + UUID.randomUUID();
        String uri = CONSUMER_COMPONENT + ":" + kind + ":" + destination + options;
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId(routeId).process(processor);
                }
            });
        } catch (Exception e) {
            throw new MessagingException("Could not start route " + routeId + ": " + rootMessage(e), e);
        }
        return new RouteSubscription(camel, routeId, pauseTimeoutSeconds);
    }

    /** Artemis' duplicate detection: the broker keeps the ids it took (persisted) and drops repeats. */
    private static Map<String, Object> duplicateHeader(String duplicateId) {
        return duplicateId == null ? Map.of()
                : Map.of(Message.HDR_DUPLICATE_DETECTION_ID.toString(), duplicateId);
    }


    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** A subscription is one route: pausing stops it gracefully, resuming starts it again. */
    static final class RouteSubscription implements Subscription {

        private final CamelContext camel;
        private final String routeId;
        private final int timeoutSeconds;
        private volatile boolean paused;

        RouteSubscription(CamelContext camel, String routeId, int timeoutSeconds) {
            this.camel = camel;
            this.routeId = routeId;
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        public synchronized void pause() {
            if (paused) {
                return;
            }
            try {
                camel.getRouteController().stopRoute(routeId, timeoutSeconds, TimeUnit.SECONDS);
                paused = true;
            } catch (Exception e) {
                throw new MessagingException("Could not pause " + routeId, e);
            }
        }

        @Override
        public synchronized void resume() {
            if (!paused) {
                return;
            }
            try {
                camel.getRouteController().startRoute(routeId);
                paused = false;
            } catch (Exception e) {
                throw new MessagingException("Could not resume " + routeId, e);
            }
        }

        @Override
        public boolean isPaused() {
            return paused;
        }

        @Override
        public synchronized void close() {
            try {
                if (camel.getRoute(routeId) != null) {
                    pause();
                    camel.removeRoute(routeId);
                }
            } catch (Exception e) {
                LOG.warn("Could not remove route {}: {}", routeId, e.getMessage());
            }
        }
    }
}
