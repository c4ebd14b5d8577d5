package org.scoria.rest.internal;

import org.scoria.volume.api.RequestContext;

/**
 * Cinder's {@code noauth} convention: the token is {@code user:project} (or just {@code user},
 * which is then also the project). Keystone tokens come in a later release.
 */
final class NoAuthContexts {

    static final String TOKEN_HEADER = "X-Auth-Token";

    private NoAuthContexts() {
    }

    /**
     * The caller's context for a request on {@code pathProject}'s resources.
     *
     * @param listing whether the request lists a collection: another project's collection is
     *                403, another project's resource 404 (it does not exist for the caller)
     */
    static RequestContext forProject(String token, String pathProject, boolean listing, String resourceId) {
        RequestContext context = fromToken(token);
        if (!context.projectId().equals(pathProject)) {
            if (listing) {
                throw new ApiFault(403, "Policy doesn't allow project " + context.projectId()
                        + " to access the resources of project " + pathProject + ".");
            }
            throw new ApiFault(404, "Volume " + resourceId + " could not be found.");
        }
        return context;
    }

    static RequestContext fromToken(String token) {
        if (token == null || token.isBlank()) {
            throw new ApiFault(401, "Authentication required: send the header " + TOKEN_HEADER + ": <user>:<project>.");
        }
        String trimmed = token.trim();
        int colon = trimmed.indexOf(':');
        String user = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String project = colon < 0 ? trimmed : trimmed.substring(colon + 1);
        if (user.isEmpty() || project.isEmpty()) {
            throw new ApiFault(401, "Malformed " + TOKEN_HEADER + ": expected <user>:<project>.");
        }
        return new RequestContext(user, project, false, null);
    }
}
