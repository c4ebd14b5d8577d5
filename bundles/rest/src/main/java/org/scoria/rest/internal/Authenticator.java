package org.scoria.rest.internal;

import javax.ws.rs.core.HttpHeaders;

import org.scoria.volume.api.RequestContext;

/** Turns a request's credentials into the caller's context: {@link NoAuthContexts} or {@link KeystoneContexts}. */
interface Authenticator {

    String TOKEN_HEADER = "X-Auth-Token";

    /**
     * The caller's context for a request on {@code pathProject}'s resources ({@code null} for a
     * project-less URL, microversion 3.67).
     *
     * @param listing  whether the request is on a collection
     * @param resource what a resource request is on, e.g. {@code Volume <id>}, for a 404
     * @throws ApiFault 401 when the request carries no valid credentials
     */
    RequestContext forRequest(HttpHeaders headers, String pathProject, boolean listing, String resource);
}
