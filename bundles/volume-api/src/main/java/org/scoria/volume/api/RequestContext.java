package org.scoria.volume.api;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking (user, project, roles), what the caller may do ({@link Policy}), and the id of the
 * request for logs ({@code req-<uuid>}, as OpenStack does).
 *
 * @param admin     whether the caller is an administrator (Cinder's {@code context_is_admin}): sees
 *                  and lists every project's resources
 * @param authToken the caller's Keystone token, which Scoria hands other services (Glance) acting for
 *                  the caller, as Cinder does; {@code null} without Keystone. Never in logs. @since 4.1
 * @since 1.0
 */
public record RequestContext(String userId, String projectId, Set<String> roles, boolean admin, String requestId,
        Policy policy, String authToken) {

    public RequestContext {
        Objects.requireNonNull(projectId, "projectId");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(policy, "policy");
        requestId = requestId == null ? newRequestId() : requestId;
    }

    /** A caller without a token to hand on. */
    public RequestContext(String userId, String projectId, Set<String> roles, boolean admin, String requestId,
            Policy policy) {
        this(userId, projectId, roles, admin, requestId, policy, null);
    }

    /** Without the token, which must not reach a log. */
    @Override
    public String toString() {
        return "RequestContext[userId=" + userId + ", projectId=" + projectId + ", roles=" + roles + ", admin=" + admin
                + ", requestId=" + requestId + "]";
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
     * Refuses an operation the policy does not allow the caller.
     *
     * @param rule Cinder's policy rule name for the operation
     * @throws PolicyNotAuthorizedException when the policy refuses
     * @since 3.0
     */
    public void authorize(String rule) {
        if (!policy.allows(rule, this)) {
            throw new PolicyNotAuthorizedException(rule);
        }
    }

    /** An administrator's context for a project, as the Karaf shell acts: not subject to the REST policy. */
    public static RequestContext admin(String projectId) {
        return new RequestContext("admin", projectId, Set.of("admin", "member", "reader"), true, null,
                Policy.UNRESTRICTED);
    }
}
