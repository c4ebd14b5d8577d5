package org.scoria.rest.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import javax.ws.rs.core.HttpHeaders;

import org.scoria.volume.api.RequestContext;

/**
 * Cinder's {@code noauth} convention, with roles. The token is {@code user:project} or
 * {@code user:project:role[,role…]}; the role {@code admin}, in the token or in an
 * {@code X-Roles} header (as keystonemiddleware passes it), makes the caller an administrator.
 * Users listed in {@code noauth.admin.users} are administrators too, for clients that cannot
 * send roles (the cinder CLI's noauth plugin sends {@code user:project} only).
 * A token without a project (keystoneauth's {@code none} plugin sends {@code notused}) acts in
 * the project named by the URL or the {@code X-Project-Id} header. Keystone tokens come later.
 */
final class NoAuthContexts {

    static final String TOKEN_HEADER = "X-Auth-Token";

    private final Set<String> adminUsers;

    /** @param adminUsers users who are administrators whatever their token says (clients that cannot send roles) */
    NoAuthContexts(Set<String> adminUsers) {
        this.adminUsers = Set.copyOf(adminUsers);
    }

    /**
     * The caller's context for a request on {@code pathProject}'s resources ({@code null} for a
     * project-less URL, microversion 3.67).
     *
     * @param listing  whether the request is on a collection: another project's collection is
     *                 403, another project's resource 404 (it does not exist for the caller)
     * @param resource what a resource request is on, e.g. {@code Volume <id>}, for the 404
     */
    RequestContext forRequest(HttpHeaders headers, String pathProject, boolean listing, String resource) {
        String token = headers.getHeaderString(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            throw new ApiFault(401, "Authentication required: send the header " + TOKEN_HEADER + ": <user>:<project>.");
        }
        String[] parts = token.trim().split(":", 3);
        String user = parts[0];
        String project = parts.length > 1 ? parts[1] : null;
        if (project == null || project.isEmpty()) {
            String header = headers.getHeaderString("X-Project-Id");
            project = header != null && !header.isBlank() ? header.trim() : pathProject != null ? pathProject : user;
        }
        if (user.isEmpty()) {
            throw new ApiFault(401, "Malformed " + TOKEN_HEADER + ": expected <user>:<project>[:<roles>].");
        }
        boolean admin = adminUsers.contains(user) || hasAdmin(parts.length > 2 ? parts[2] : null)
                || hasAdmin(headers.getHeaderString("X-Roles"));
        if (pathProject != null && !pathProject.equals(project)) {
            if (listing) {
                throw new ApiFault(403, "Policy doesn't allow project " + project + " to access the resources of project "
                        + pathProject + ".");
            }
            throw new ApiFault(404, resource + " could not be found.");
        }
        return new RequestContext(user, project, admin, null);
    }

    private static boolean hasAdmin(String roles) {
        return roles != null && Arrays.stream(roles.split(",")).map(r -> r.trim().toLowerCase(Locale.ROOT))
                .anyMatch("admin"::equals);
    }
}
