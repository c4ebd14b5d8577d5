package org.scoria.shell.internal;

import org.scoria.volume.api.RequestContext;

/**
 * The operator at the shell, as the services see them: an administrator of every project. The
 * shell reads and acts through the services, so it obeys the rules the REST API obeys.
 */
final class Operator {

    /** The project the operator's own requests are made in. */
    private static final String PROJECT = "admin";

    private Operator() {
    }

    /** For looking at every project's resources, and for what belongs to no project. */
    static RequestContext context() {
        return RequestContext.admin(PROJECT);
    }

    /** For acting on a resource: in its owner's project, as Cinder's administrator acting on it. */
    static RequestContext in(String projectId) {
        return RequestContext.admin(projectId);
    }
}
