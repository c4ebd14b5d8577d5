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

    /**
     * Whether the caller may see a resource of {@code ownerProject}: its own project's, or any
     * for an administrator. Another project's resource is "not found" for everyone else.
     *
     * @since 2.0
     */
    public boolean canSee(String ownerProject) {
        return admin || projectId.equals(ownerProject);
    }

    /**
     * The project a list covers: the caller's own, unless an administrator asks for
     * {@code allProjects} ({@code requestedProject} then, or {@code null} for every project).
     * Cinder ignores {@code all_tenants} from a caller who is not an administrator.
     *
     * @since 2.0
     */
    public String listedProject(boolean allProjects, String requestedProject) {
        return allProjects && admin ? requestedProject : projectId;
    }

    /**
     * Refuses a caller who is not an administrator.
     *
     * @param policy Cinder's policy name for the operation, for the message
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @since 2.1
     */
    public void requireAdmin(String policy) {
        if (!admin) {
            throw new PolicyNotAuthorizedException(policy);
        }
    }

    /** An administrator's context for a project, as the Karaf shell acts. */
    public static RequestContext admin(String projectId) {
        return new RequestContext("admin", projectId, true, null);
    }
}
