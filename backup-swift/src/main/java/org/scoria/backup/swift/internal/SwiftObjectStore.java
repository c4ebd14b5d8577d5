package org.scoria.backup.swift.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups in OpenStack Swift, as Cinder's Swift backup driver keeps them: a container per
 * project or one for all, an object per chunk. Activation does not reach Swift (an unreachable
 * Swift must not keep the store from registering); the first call authenticates.
 */
@Component(service = ObjectStore.class, configurationPid = SwiftObjectStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = ObjectStore.DRIVER_NAME + "=swift")
@Designate(ocd = SwiftObjectStore.Config.class)
public class SwiftObjectStore implements ObjectStore {

    static final String PID = "org.scoria.backup.swift";
    /** The default container of a project, followed by its id, when no container is configured. */
    static final String CONTAINER_PREFIX = "backups-";

    @ObjectClassDefinition(name = "Scoria Swift backup store", description = "Backups as objects in OpenStack Swift.")
    public @interface Config {
        @AttributeDefinition(name = "Auth URL", description = "tempauth's or swauth's /auth/v1.0 URL"
                + " (e.g. http://127.0.0.1:8080/auth/v1.0), or Keystone's v3 URL (e.g. http://keystone:5000/v3);"
                + " Cinder's backup_swift_auth_url.")
        String auth_url();

        @AttributeDefinition(name = "Auth version", description = "1 for tempauth and swauth, 3 for Keystone v3.",
                options = {
                    @Option(label = "1 (tempauth, swauth)", value = "1"),
                    @Option(label = "3 (Keystone v3)", value = "3") })
        int auth_version() default 1;

        @AttributeDefinition(name = "User", description = "For auth version 1 account:user (e.g. test:tester),"
                + " for 3 the Keystone user's name; Cinder's backup_swift_user.")
        String user();

        @AttributeDefinition(name = "Key", type = AttributeType.PASSWORD,
                description = "The user's key or password; Cinder's backup_swift_key.")
        String key();

        @AttributeDefinition(name = "Project", description = "Auth version 3: the project the token is scoped to;"
                + " Cinder's backup_swift_project.")
        String project_name() default "";

        @AttributeDefinition(name = "User domain", description = "Auth version 3: the user's domain.")
        String user_domain_name() default "Default";

        @AttributeDefinition(name = "Project domain", description = "Auth version 3: the project's domain.")
        String project_domain_name() default "Default";

        @AttributeDefinition(name = "Storage URL", description = "The Swift account's URL (e.g."
                + " http://swift:8080/v1/AUTH_<project id>) to use instead of the one authentication answers;"
                + " Cinder's backup_swift_url. Empty to take it from authentication (for Keystone, the public"
                + " object-store endpoint of the first region in the catalog).")
        String storage_url() default "";

        @AttributeDefinition(name = "Container", description = "The container backups go to when their request"
                + " names none. Empty for one per project, named backups-<project id>; Cinder's backup_container"
                + " puts all in volumebackups.")
        String container() default "";

        @AttributeDefinition(name = "Chunk size (bytes)", description = "The size of the objects volumes are stored"
                + " in, at least 65536; Cinder's backup_swift_object_size.")
        int chunk_size_bytes() default 52428800;

        @AttributeDefinition(name = "Retries", description = "How many more times a request is tried after a"
                + " server error, a timeout, a broken connection or a body damaged in flight;"
                + " Cinder's backup_swift_retry_attempts.")
        int retry_attempts() default 3;

        @AttributeDefinition(name = "Retry backoff (s)", description = "The wait before the first retry; it doubles"
                + " for each further one, up to 60 s. Cinder's backup_swift_retry_backoff.")
        int retry_backoff_seconds() default 2;

        @AttributeDefinition(name = "Timeout (s)", description = "The longest one request may take, its body"
                + " included; a request that times out is retried.")
        int timeout_seconds() default 60;

        @AttributeDefinition(name = "CA certificates file", description = "A PEM file of the certificates to trust"
                + " for https instead of the JDK's (a private CA); Cinder's backup_swift_ca_cert_file. Empty for the"
                + " JDK's.")
        String ca_certificate_file() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(SwiftObjectStore.class);
    private static final int SMALLEST_CHUNK = 65536;

    private final SwiftClient swift;
    private final String container;
    private final int chunkSize;

    @Activate
    public SwiftObjectStore(Config config) throws IOException, GeneralSecurityException {
        this(settings(config), config.container(), config.chunk_size_bytes());
    }

    /**
     * @param container the container for all projects, or empty for one per project
     */
    SwiftObjectStore(SwiftSettings settings, String container, int chunkSize) throws IOException, GeneralSecurityException {
        if (chunkSize < SMALLEST_CHUNK) {
            throw new IllegalArgumentException("chunk.size.bytes must be at least " + SMALLEST_CHUNK + ", was " + chunkSize);
        }
        this.container = container == null ? "" : container.trim();
        if (!this.container.isEmpty()) {
            try {
                SwiftClient.containerPath(this.container);
            } catch (ObjectStoreException e) {
                throw new IllegalArgumentException("container: " + e.getMessage(), e);
            }
        }
        this.chunkSize = chunkSize;
        this.swift = new SwiftClient(settings);
        LOG.info("Swift backup store: {}; {}; chunks of {} bytes; {} retries, {} s timeout", settings,
                this.container.isEmpty() ? "a container per project (" + CONTAINER_PREFIX + "<project id>)"
                        : "container " + this.container,
                chunkSize, settings.retries(), settings.timeout().toSeconds());
    }

    static SwiftSettings settings(Config config) {
        if (config.auth_url() == null || config.auth_url().isBlank()) {
            throw new IllegalArgumentException("auth.url must be set");
        }
        return new SwiftSettings(URI.create(config.auth_url().trim()), config.auth_version(), trimmed(config.user()),
                config.key(), trimmed(config.project_name()), trimmed(config.user_domain_name()),
                trimmed(config.project_domain_name()), optional(config.storage_url()).map(URI::create),
                config.retry_attempts(), Duration.ofSeconds(config.retry_backoff_seconds()),
                Duration.ofSeconds(config.timeout_seconds()), optional(config.ca_certificate_file()).map(Path::of));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static Optional<String> optional(String value) {
        return Optional.of(trimmed(value)).filter(text -> !text.isEmpty());
    }

    @Override
    public String defaultContainer(String projectId) {
        return container.isEmpty() ? CONTAINER_PREFIX + projectId : container;
    }

    @Override
    public int chunkSizeBytes() {
        return chunkSize;
    }

    @Override
    public void ensureContainer(String container) throws ObjectStoreException {
        swift.putContainer(container);
    }

    @Override
    public void put(String container, String name, byte[] data) throws ObjectStoreException {
        swift.putObject(container, name, data);
    }

    @Override
    public byte[] get(String container, String name) throws ObjectStoreException {
        return swift.getObject(container, name);
    }

    @Override
    public void delete(String container, String name) throws ObjectStoreException {
        swift.deleteObject(container, name);
    }

    @Override
    public List<String> list(String container, String prefix) throws ObjectStoreException {
        return swift.listObjects(container, prefix == null ? "" : prefix);
    }
}
