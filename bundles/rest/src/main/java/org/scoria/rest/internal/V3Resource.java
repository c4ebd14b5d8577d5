package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.apache.karaf.log.core.LogService;
import org.scoria.keystone.ServiceSession;
import org.scoria.messaging.Node;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;
import org.scoria.volume.api.AttachmentService;
import org.scoria.volume.api.BackupService;
import org.scoria.volume.api.MessageService;
import org.scoria.volume.api.QosSpecsService;
import org.scoria.volume.api.QuotaService;
import org.scoria.volume.api.ServiceAdmin;
import org.scoria.volume.api.SnapshotService;
import org.scoria.volume.api.TypeEncryptionService;
import org.scoria.volume.api.VolumeService;
import org.scoria.volume.api.VolumeTypeService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * {@code /v3}: the version document, availability zones, and the collections with the project in
 * the URL ({@code /v3/{project_id}/volumes}) or without it ({@code /v3/volumes}, microversion 3.67).
 * <p>
 * Its length is the route table of Cinder's v3 API: one short method per route, each handing the
 * request to the resource class that does the work.
 */
@Component(service = V3Resource.class, configurationPid = "org.scoria.rest")
@Designate(ocd = V3Resource.Config.class)
@JaxrsResource
@Path("/v3")
public class V3Resource {

    @ObjectClassDefinition(name = "Scoria REST API")
    public @interface Config {
        @AttributeDefinition(name = "Max request body size", description = "Bytes; larger bodies are refused with 413 (Cinder's max_request_body_size).")
        int max_request_body_size() default 114688;

        @AttributeDefinition(name = "noauth administrators",
                description = "Users who act as administrators under noauth whatever roles their token names.")
        String[] noauth_admin_users() default {"admin"};

        @AttributeDefinition(name = "Auth strategy", description = "noauth (tokens name user and project) or keystone.")
        String auth_strategy() default "noauth";

        @AttributeDefinition(name = "Policy file", description = "Overrides of Cinder's default policy rules, by rule"
                + " name (policy.yaml format); empty: etc/scoria-policy.yaml.")
        String policy_file() default "";

        @AttributeDefinition(name = "Keystone URL", description = "Keystone's identity endpoint, e.g. http://127.0.0.1:5000/v3.")
        String keystone_auth_url() default "";

        @AttributeDefinition(name = "Keystone URL for clients", description = "Named in WWW-Authenticate on a 401;"
                + " empty: the Keystone URL without /v3.")
        String keystone_www_authenticate_uri() default "";

        @AttributeDefinition(name = "Service user", description = "Scoria's user in Keystone; validating others'"
                + " tokens needs the admin or service role.")
        String keystone_username() default "scoria";

        @AttributeDefinition(name = "Service user's password", type = AttributeType.PASSWORD)
        String keystone_password() default "";

        @AttributeDefinition(name = "Service user's domain")
        String keystone_user_domain_name() default "Default";

        @AttributeDefinition(name = "Service project")
        String keystone_project_name() default "service";

        @AttributeDefinition(name = "Service project's domain")
        String keystone_project_domain_name() default "Default";

        @AttributeDefinition(name = "Token cache time", description = "Seconds a validated token is trusted without"
                + " asking Keystone again (never past its expiry); keystonemiddleware's token_cache_time.")
        int keystone_token_cache_time() default 300;

        @AttributeDefinition(name = "Token cache size", description = "Validated tokens kept at most.")
        int keystone_token_cache_size() default 10000;

        @AttributeDefinition(name = "Keystone timeout", description = "Seconds to connect to Keystone and for its answer.")
        int keystone_timeout() default 10;

        @AttributeDefinition(name = "Region", description = "The region of the catalog whose endpoints Scoria calls"
                + " (Glance); empty: the first the catalog lists.")
        String keystone_region_name() default "";
    }

    private static final JsonNode EXTENSIONS = readExtensions();

    private final VolumeService volumes;
    private final AttachmentService attachments;
    private final SnapshotService snapshots;
    private final BackupService backups;
    private final VolumeTypeService types;
    private final TypeEncryptionService encryption;
    private final QosSpecsService qos;
    private final QuotaService quotas;
    private final MessageService messages;
    private final ServiceAdmin services;
    private final Node node;
    /**
     * The scheduler's view of the backends. Dynamic: a scheduler reconfigured or updated must not
     * take the whole endpoint down with it; only the views that need it answer 503 meanwhile.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BackendRegistry backends;
    /** Karaf's log service, for Cinder's service log levels; dynamic for the same reason. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LogService logs;
    private final RequestReader reader;
    private final Authenticator auth;

    @Activate
    public V3Resource(@Reference VolumeService volumes, @Reference AttachmentService attachments,
            @Reference SnapshotService snapshots, @Reference BackupService backups,
            @Reference VolumeTypeService types, @Reference TypeEncryptionService encryption,
            @Reference QosSpecsService qos, @Reference QuotaService quotas, @Reference MessageService messages,
            @Reference ServiceAdmin services, @Reference Node node, @Reference ServiceSession session, Config config) {
        this.volumes = volumes;
        this.attachments = attachments;
        this.snapshots = snapshots;
        this.backups = backups;
        this.types = types;
        this.encryption = encryption;
        this.qos = qos;
        this.quotas = quotas;
        this.messages = messages;
        this.services = services;
        this.node = node;
        this.reader = new RequestReader(config.max_request_body_size());
        this.auth = authenticator(config, session);
    }

    private static JsonNode readExtensions() {
        try (InputStream in = V3Resource.class.getResourceAsStream("extensions.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("The bundle lacks its extensions.json", e);
        }
    }

    private static Authenticator authenticator(Config config, ServiceSession session) {
        String policyFile = config.policy_file().isBlank()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), "scoria-policy.yaml").toString() : config.policy_file();
        RulePolicy policy = new RulePolicy(Paths.get(policyFile));
        switch (config.auth_strategy().trim().toLowerCase(Locale.ROOT)) {
            case "noauth" -> {
                // A .cfg file gives a list as one comma-separated string.
                return new NoAuthContexts(Arrays.stream(config.noauth_admin_users())
                        .flatMap(users -> Arrays.stream(users.split(","))).map(String::trim)
                        .filter(user -> !user.isEmpty()).collect(Collectors.toSet()), policy);
            }
            case "keystone" -> {
                if (config.keystone_auth_url().isBlank() || config.keystone_password().isEmpty()) {
                    throw new IllegalArgumentException("auth.strategy=keystone needs keystone.auth.url and"
                            + " keystone.password in etc/org.scoria.rest.cfg; the API stays down until they are set");
                }
                URI authUrl = URI.create(config.keystone_auth_url().trim());
                String clientUri = config.keystone_www_authenticate_uri().isBlank()
                        ? authUrl.toString().replaceAll("/+$", "").replaceAll("/v3$", "")
                        : config.keystone_www_authenticate_uri().trim();
                return new KeystoneContexts(new KeystoneContexts.Settings(authUrl, clientUri,
                        Duration.ofSeconds(config.keystone_token_cache_time()), config.keystone_token_cache_size(),
                        Duration.ofSeconds(config.keystone_timeout())), policy, session, Clock.systemUTC());
            }
            default -> throw new IllegalArgumentException("auth.strategy=" + config.auth_strategy()
                    + " is neither noauth nor keystone (etc/org.scoria.rest.cfg); the API stays down until it is");
        }
    }

    private BackendRegistry registry() {
        BackendRegistry registry = backends;
        if (registry == null) {
            throw new ApiFault(503, "The scheduler is not running; backend views are unavailable for now.");
        }
        return registry;
    }

    @GET
    public Response version(@Context HttpHeaders headers, @Context UriInfo uri) {
        ApiVersion version = ApiVersion.negotiate(headers);
        return OpenStackResponses.json(Response.ok(), VersionsResource.document(uri.getBaseUri()), null, version);
    }

    @GET
    @Path("{project_id}/os-availability-zone")
    public Response projectZones(@PathParam("project_id") String project, @Context HttpHeaders headers)
            {
        return zones(headers, project);
    }

    @GET
    @Path("os-availability-zone")
    public Response zones(@Context HttpHeaders headers) {
        return zones(headers, null);
    }

    /** Cinder's zones: each zone a backend serves, available when one of its backends takes volumes. */
    private Response zones(HttpHeaders headers, String project) {
        ApiCall call = ApiCall.of(auth, headers, project, true, null).authorize("volume_extension:availability_zone_list");
        Map<String, Boolean> zones = new TreeMap<>();
        for (BackendState backend : registry().backends()) {
            zones.merge(backend.availabilityZone(), backend.acceptsVolumes(), Boolean::logicalOr);
        }
        List<Map<String, Object>> info = new ArrayList<>();
        zones.forEach((zone, available) -> info.add(Map.of("zoneName", zone, "zoneState", Map.of("available", available))));
        return call.json(Response.ok(), Map.of("availabilityZoneInfo", info));
    }

    @Path("{project_id}/volumes")
    public VolumeCollectionResource projectVolumes(@PathParam("project_id") String project) {
        return new VolumeCollectionResource(volumes, attachments, types, encryption, reader, auth, project);
    }

    @Path("{project_id}/attachments")
    public AttachmentResource projectAttachments(@PathParam("project_id") String project) {
        return new AttachmentResource(attachments, reader, auth, project);
    }

    @Path("attachments")
    public AttachmentResource attachments() {
        return new AttachmentResource(attachments, reader, auth, null);
    }

    @Path("{project_id}/snapshots")
    public SnapshotCollectionResource projectSnapshots(@PathParam("project_id") String project) {
        return new SnapshotCollectionResource(snapshots, reader, auth, project);
    }

    @Path("{project_id}/backups")
    public BackupResource projectBackups(@PathParam("project_id") String project) {
        return new BackupResource(backups, reader, auth, project);
    }

    @Path("backups")
    public BackupResource backups() {
        return new BackupResource(backups, reader, auth, null);
    }

    @Path("snapshots")
    public SnapshotCollectionResource snapshots() {
        return new SnapshotCollectionResource(snapshots, reader, auth, null);
    }

    @Path("volumes")
    public VolumeCollectionResource volumes() {
        return new VolumeCollectionResource(volumes, attachments, types, encryption, reader, auth, null);
    }

    @Path("{project_id}/types")
    public VolumeTypeResource projectTypes() {
        return types();
    }

    @Path("types")
    public VolumeTypeResource types() {
        return new VolumeTypeResource(types, encryption, reader, auth);
    }

    @Path("{project_id}/default-types")
    public DefaultTypeResource projectDefaultTypes() {
        return defaultTypes();
    }

    @Path("default-types")
    public DefaultTypeResource defaultTypes() {
        return new DefaultTypeResource(types, reader, auth);
    }

    @Path("{project_id}/qos-specs")
    public QosSpecsResource projectQos(@PathParam("project_id") String project) {
        return new QosSpecsResource(qos, reader, auth, project);
    }

    @Path("qos-specs")
    public QosSpecsResource qos() {
        return new QosSpecsResource(qos, reader, auth, null);
    }

    @Path("{project_id}/os-quota-sets")
    public QuotaResource projectQuotas() {
        return quotas();
    }

    @Path("os-quota-sets")
    public QuotaResource quotas() {
        return new QuotaResource(quotas, reader, auth);
    }

    @Path("{project_id}/os-quota-class-sets")
    public QuotaClassResource projectQuotaClasses() {
        return quotaClasses();
    }

    @Path("os-quota-class-sets")
    public QuotaClassResource quotaClasses() {
        return new QuotaClassResource(quotas, reader, auth);
    }

    @GET
    @Path("{project_id}/limits")
    public Response projectLimits(@Context HttpHeaders headers) {
        return limits(headers);
    }

    @GET
    @Path("limits")
    public Response limits(@Context HttpHeaders headers) {
        return QuotaResource.absoluteLimits(quotas, ApiCall.global(auth, headers).authorize("limits_extension:used_limits"));
    }

    @Path("{project_id}/messages")
    public MessageResource projectMessages(@PathParam("project_id") String project) {
        return new MessageResource(messages, auth, project);
    }

    @Path("messages")
    public MessageResource messages() {
        return new MessageResource(messages, auth, null);
    }

    @Path("{project_id}/scheduler-stats")
    public OperatorResource.Pools projectPools() {
        return pools();
    }

    @Path("scheduler-stats")
    public OperatorResource.Pools pools() {
        return new OperatorResource.Pools(registry(), auth);
    }

    @Path("{project_id}/capabilities")
    public OperatorResource.Capabilities projectCapabilities() {
        return capabilities();
    }

    @Path("capabilities")
    public OperatorResource.Capabilities capabilities() {
        return new OperatorResource.Capabilities(registry(), auth);
    }

    @Path("{project_id}/os-services")
    public OperatorResource.Services projectServices() {
        return services();
    }

    @Path("os-services")
    public OperatorResource.Services services() {
        LogService logService = logs;
        return new OperatorResource.Services(services, reader, auth,
                logService == null ? null : new ServiceLogLevels(logService, node.name()));
    }

    @Path("{project_id}/clusters")
    public ClusterResource projectClusters() {
        return clusters();
    }

    @Path("clusters")
    public ClusterResource clusters() {
        return new ClusterResource(services, reader, auth);
    }

    @Path("{project_id}/workers")
    public WorkerResource projectWorkers() {
        return workers();
    }

    @Path("workers")
    public WorkerResource workers() {
        return new WorkerResource(services, reader, auth);
    }

    @Path("{project_id}/os-hosts")
    public OperatorResource.Hosts projectHosts() {
        return hosts();
    }

    @Path("os-hosts")
    public OperatorResource.Hosts hosts() {
        return new OperatorResource.Hosts(services, auth);
    }

    @GET
    @Path("{project_id}/extensions")
    public Response projectExtensions(@Context HttpHeaders headers) {
        return extensions(headers);
    }

    /**
     * Cinder's extension list, of the extensions Scoria serves: a client that reads it (Horizon)
     * offers only what works. Those that come with later features (transfers, manage, image
     * metadata, consistency groups) are added as they land.
     */
    @GET
    @Path("extensions")
    public Response extensions(@Context HttpHeaders headers) {
        return ApiCall.global(auth, headers).json(Response.ok(), EXTENSIONS);
    }

    @GET
    @Path("{project_id}/resource_filters")
    public Response projectResourceFilters(@QueryParam("resource") String resource, @Context HttpHeaders headers) {
        return resourceFilters(resource, headers);
    }

    /** Cinder's {@code resource_filters} (3.33): the filters each list accepts, or one resource's. */
    @GET
    @Path("resource_filters")
    public Response resourceFilters(@QueryParam("resource") String resource, @Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers).requireVersion(ApiVersion.RESOURCE_FILTER);
        List<Map<String, Object>> filters = new ArrayList<>();
        ResourceFilters.FILTERS.forEach((name, keys) -> {
            if (resource == null || resource.equals(name)) {
                filters.add(Map.of("resource", name, "filters", keys));
            }
        });
        return call.json(Response.ok(), Map.of("resource_filters", filters));
    }
}
