package org.scoria.messaging;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request from one part of the platform to another as it travels: a persistent message, or a
 * call. Code builds and reads the typed commands of {@link org.scoria.messaging.command}, which
 * travel as this envelope; its constants are the wire's names, which do not change, so that nodes
 * of different builds share one broker.
 *
 * @param type       what to do, e.g. {@link #CREATE_VOLUME}
 * @param resourceId the volume (or other resource) it concerns
 * @param requestId  the API request that started it, {@code req-<uuid>}, for logs
 * @param arguments  further arguments
 * @since 1.0
 */
public record Command(String type, String resourceId, String requestId, Map<String, String> arguments) {

    public static final String SCHEDULE_CREATE_VOLUME = "schedule_create_volume";
    public static final String CREATE_VOLUME = "create_volume";
    public static final String DELETE_VOLUME = "delete_volume";
    /** Argument {@link #NEW_SIZE}. @since 1.1 */
    public static final String EXTEND_VOLUME = "extend_volume";
    /** @since 1.1 */
    public static final String CREATE_SNAPSHOT = "create_snapshot";
    /** @since 1.1 */
    public static final String DELETE_SNAPSHOT = "delete_snapshot";
    /** Argument {@link #SNAPSHOT_ID}. @since 1.1 */
    public static final String REVERT_TO_SNAPSHOT = "revert_to_snapshot";
    /** Arguments {@link #IMAGE_ID}, {@link #AUTH_TOKEN}, {@link #DISK_FORMAT}, {@link #PREVIOUS_STATUS} (optional). @since 2.0 */
    public static final String COPY_VOLUME_TO_IMAGE = "copy_volume_to_image";
    /** Arguments {@link #IMAGE_ID}, {@link #AUTH_TOKEN}, {@link #PREVIOUS_STATUS}. @since 2.0 */
    public static final String REIMAGE_VOLUME = "reimage_volume";

    /**
     * A call: export the volume to a consumer. Arguments {@link #CONNECTOR}, {@link #ATTACH_MODE}.
     * Answered with the connection info, {@code {driver_volume_type, data}}. @since 1.5
     */
    public static final String INITIALIZE_CONNECTION = "initialize_connection";
    /** A call: end a consumer's export of the volume. Argument {@link #CONNECTOR}. @since 1.5 */
    public static final String TERMINATE_CONNECTION = "terminate_connection";

    /** The backup manager: copy the volume's data into the backup (the command's resource). @since 1.6 */
    public static final String CREATE_BACKUP = "create_backup";
    /** The backup manager: write the backup into the volume {@link #VOLUME_ID}; {@link #NEW_VOLUME} when created for it. @since 1.6 */
    public static final String RESTORE_BACKUP = "restore_backup";
    /** The backup manager: delete the backup's objects. @since 1.6 */
    public static final String DELETE_BACKUP = "delete_backup";
    /**
     * The backup manager: check an imported backup against its store (its manifest) and make it
     * available with the data timestamp {@link #DATA_TIMESTAMP}. @since 1.7
     */
    public static final String IMPORT_BACKUP = "import_backup";
    /**
     * A call: make a temporary volume named for the backup {@link #BACKUP_ID} from the volume (or
     * its snapshot {@link #SNAPSHOT_ID}) and export it to the {@link #CONNECTOR}; answers its
     * connection info with its {@link #PROVIDER_LOCATION}. What a backup of an in-use volume or of
     * a snapshot reads. @since 1.7
     */
    public static final String CREATE_BACKUP_DEVICE = "create_backup_device";
    /** A call: end the export of the backup's temporary volume and delete it. @since 1.7 */
    public static final String REMOVE_BACKUP_DEVICE = "remove_backup_device";
    /** The backup a temporary volume is made for. @since 1.7 */
    public static final String BACKUP_ID = "backup_id";
    /** Where the driver keeps a temporary volume, as it answered on creating it. @since 1.7 */
    public static final String PROVIDER_LOCATION = "provider_location";
    /** An imported backup's data timestamp, ISO-8601. @since 1.7 */
    public static final String DATA_TIMESTAMP = "data_timestamp";
    /** The volume a restore writes into. @since 1.6 */
    public static final String VOLUME_ID = "volume_id";
    /** {@code true} when the restore's volume is being created for it. @since 1.6 */
    public static final String NEW_VOLUME = "new_volume";

    /** The consumer's connector, as JSON. @since 1.5 */
    public static final String CONNECTOR = "connector";
    /** When the caller of a call stops waiting, in milliseconds since the epoch. @since 1.5 */
    public static final String DEADLINE = "deadline";
    /** {@code rw} or {@code ro}. @since 1.5 */
    public static final String ATTACH_MODE = "attach_mode";

    /** The size in GiB an extend grows the volume to. @since 1.1 */
    public static final String NEW_SIZE = "new_size";
    /** The snapshot a revert goes back to. @since 1.1 */
    public static final String SNAPSHOT_ID = "snapshot_id";
    /** The image a create writes into its volume, or an upload writes the volume into. @since 2.0 */
    public static final String IMAGE_ID = "image_id";
    /** The status a volume returns to when a reimage is done. @since 2.0 */
    public static final String PREVIOUS_STATUS = "previous_status";
    /** The disk format (Glance's name) an upload writes the volume's data in. @since 2.0 */
    public static final String DISK_FORMAT = "disk_format";
    /** The caller's Keystone token, with which the image is reached for it, as Cinder hands on its context's. @since 2.0 */
    public static final String AUTH_TOKEN = "auth_token";
    /** The backends ({@code host@backend}, comma-separated) a create already failed on. @since 1.2 */
    public static final String TRIED_HOSTS = "tried_hosts";
    /** The zone a create asked for, empty for any: a rescheduled create asks for it again. @since 1.2 */
    public static final String REQUESTED_ZONE = "requested_zone";

    /**
     * The pool ({@code host@backend#pool}) of the volume or snapshot a new volume copies: a copy
     * is made where its source's data is, so the scheduler places it there. @since 1.4
     */
    public static final String SOURCE_HOST = "source_host";

    /** Scheduler hints: the volumes (comma-separated ids) a new volume must share a backend with. @since 1.2 */
    public static final String SAME_HOST = "same_host";
    /** Scheduler hints: the volumes (comma-separated ids) a new volume must not share a backend with. @since 1.2 */
    public static final String DIFFERENT_HOST = "different_host";
    /** Scheduler hints: Cinder's JSON query a backend must match, as JSON text. @since 1.3 */
    public static final String QUERY = "query";

    public Command {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(resourceId, "resourceId");
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    public Command(String type, String resourceId, String requestId) {
        this(type, resourceId, requestId, Map.of());
    }

    /** Without the caller's token, which must not reach a log. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(arguments);
        shown.computeIfPresent(AUTH_TOKEN, (name, token) -> "***");
        return "Command[type=" + type + ", resourceId=" + resourceId + ", requestId=" + requestId + ", arguments="
                + shown + "]";
    }
}
