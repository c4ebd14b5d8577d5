package org.scoria.volume.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is asking, and the id of the request for logs ({@code req-<uuid>}, as OpenStack does).
 *
 * @since 1.0
 */
public record RequestContext(String userId, String projectId, boolean admin, String requestId) {

    public RequestContext {
        Objects.requireNonNull(projectId, "projectId");
        requestId = requestId == null ? newRequestId() : requestId;
    }

    public static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    /** An administrator's context for a project, as the Karaf shell acts. */
    public static RequestContext admin(String projectId) {
        return new RequestContext("admin", projectId, true, null);
    }
}
