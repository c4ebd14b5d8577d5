package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.persistence.ServiceState;
import org.scoria.volume.api.ServiceAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /workers/cleanup} (3.24): Cinder's cleanup of the work of services, on demand.
 * Here the command journal sends the selected services' pending commands at once (see
 * {@link ServiceAdmin#cleanup}). As Cinder, it selects the services that are down unless
 * {@code is_up} says otherwise.
 */
public class WorkerResource {

    private static final Set<String> FIELDS = Set.of("cluster_name", "host", "binary", "is_up", "disabled",
            "resource_id", "resource_type", "service_id");
    private static final Set<String> BINARIES = Set.of(ServiceState.VOLUME_BINARY, ServiceState.SCHEDULER_BINARY);

    private final ServiceAdmin services;
    private final RequestReader reader;
    private final Authenticator auth;

    WorkerResource(ServiceAdmin services, RequestReader reader, Authenticator auth) {
        this.services = services;
        this.reader = reader;
        this.auth = auth;
    }

    @POST
    @Path("cleanup")
    public Response cleanup(@Context HttpHeaders headers, InputStream body) throws IOException {
        ApiCall call = ApiCall.global(auth, headers).requireVersion(ApiVersion.WORKERS_CLEANUP)
                .authorize("workers:cleanup");
        JsonNode filter = reader.readBody(body);
        RequestReader.only(filter, "cleanup", FIELDS);
        String binary = RequestReader.text(filter, "binary");
        if (binary != null && !BINARIES.contains(binary)) {
            throw RequestReader.invalid("binary", filter.get("binary"), "'" + binary
                    + "' is not one of ['cinder-volume', 'cinder-scheduler']");
        }
        String resourceType = RequestReader.text(filter, "resource_type");
        if (resourceType != null && !Set.of("Volume", "Snapshot").contains(title(resourceType))) {
            throw new ApiFault(400, "Invalid input received: Resource type " + resourceType
                    + " not valid, must be Volume or Snapshot");
        }
        String host = RequestReader.text(filter, "host");
        String cluster = RequestReader.text(filter, "cluster_name");
        Integer serviceId = serviceId(filter.get("service_id"));
        String resourceId = RequestReader.text(filter, "resource_id");
        if (resourceId != null) {
            try {
                UUID.fromString(resourceId);
            } catch (IllegalArgumentException e) {
                throw RequestReader.invalid("resource_id", filter.get("resource_id"), "'" + resourceId
                        + "' is not a 'uuid'");
            }
            if (host == null && cluster == null && serviceId == null) {
                // Nothing of a resource waits for a cleanup here: its commands are in the broker or the journal.
                throw new ApiFault(400, "Invalid input received: There is no resource with UUID " + resourceId
                        + " pending cleanup.");
            }
        }
        JsonNode up = filter.get("is_up");
        JsonNode disabled = filter.get("disabled");
        ServiceAdmin.Cleanup cleanup = services.cleanup(call.context(), new ServiceAdmin.CleanupFilter(host, cluster,
                binary, up == null || up.isNull() ? Boolean.FALSE : RequestReader.bool(up, "is_up"),
                disabled == null || disabled.isNull() ? null : RequestReader.bool(disabled, "disabled"), serviceId));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("cleaning", views(cleanup.cleaning()));
        answer.put("unavailable", views(cleanup.unavailable()));
        return call.json(Response.status(202), answer);
    }

    private static List<Map<String, Object>> views(List<ServiceAdmin.Service> selected) {
        return selected.stream().map(service -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", service.number());
            view.put("host", service.host());
            view.put("binary", service.binary());
            view.put("cluster_name", service.cluster());
            return view;
        }).toList();
    }

    private static Integer serviceId(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual() && value.asText().matches("[0-9]{1,9}")) {
            return Integer.valueOf(value.asText());
        }
        throw RequestReader.invalid("service_id", value, value + " is not of type 'integer'");
    }

    private static String title(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1).toLowerCase(Locale.ROOT);
    }
}
