package org.scoria.rest.internal;

import java.util.Arrays;
import java.util.HashSet;
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
 * the project named by the URL or the {@code X-Project-Id} header. Without roles a caller is a
 * member; as in Keystone's defaults, admin implies member and member implies reader.
 */
final class NoAuthContexts implements Authenticator {

    private final Set<String> adminUsers;
    private final RulePolicy policy;

    /** @param adminUsers users who are administrators whatever their token says (clients that cannot send roles) */
    NoAuthContexts(Set<String> adminUsers, RulePolicy policy) {
        this.adminUsers = Set.copyOf(adminUsers);
        this.policy = policy;
    }

    /** Another project's collection is 403, another project's resource 404 (it does not exist for the caller). */
    @Override
    public RequestContext forRequest(HttpHeaders headers, String pathProject, boolean listing, String resource) {
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
        Set<String> roles = new HashSet<>();
        roles(parts.length > 2 ? parts[2] : null, roles);
        roles(headers.getHeaderString("X-Roles"), roles);
        if (adminUsers.contains(user)) {
            roles.add("admin");
        }
        if (roles.isEmpty() || roles.contains("admin")) {
            roles.add("member");
        }
        if (roles.contains("member")) {
            roles.add("reader");
        }
        if (pathProject != null && !pathProject.equals(project)) {
            if (listing) {
                throw new ApiFault(403, "Policy doesn't allow project " + project + " to access the resources of project "
                        + pathProject + ".");
            }
            throw new ApiFault(404, resource + " could not be found.");
        }
        return policy.context(user, project, roles, null, null);
    }

    private static void roles(String names, Set<String> into) {
        if (names != null) {
            Arrays.stream(names.split(",")).map(role -> role.trim().toLowerCase(Locale.ROOT))
                    .filter(role -> !role.isEmpty()).forEach(into::add);
        }
    }
}
