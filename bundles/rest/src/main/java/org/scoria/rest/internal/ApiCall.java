package org.scoria.rest.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.RequestContext;

/**
 * One request's negotiated microversion, caller and the Scoria extensions it asked for, and the
 * responses that carry them in their headers.
 *
 * @param extensions Scoria's additions to Cinder's answers the client named in the
 *                   {@value #EXTENSIONS_HEADER} header (comma-separated, e.g. {@code backup-progress});
 *                   a Cinder answer carries none of them unless asked, so Cinder's clients see
 *                   exactly Cinder's fields
 */
record ApiCall(ApiVersion version, RequestContext context, Set<String> extensions) {

    static final String EXTENSIONS_HEADER = "Scoria-Extensions";
    /** {@code progress} (percent done) and {@code progress_rate} (bytes a second) in backup views. */
    static final String BACKUP_PROGRESS = "backup-progress";

    /**
     * @param listing  see {@link Authenticator#forRequest}
     * @param resource what a resource request is on, for the 404 when the URL's project is not the caller's
     */
    static ApiCall of(Authenticator auth, HttpHeaders headers, String pathProject, boolean listing, String resource) {
        return new ApiCall(ApiVersion.negotiate(headers), auth.forRequest(headers, pathProject, listing, resource),
                extensions(headers.getHeaderString(EXTENSIONS_HEADER)));
    }

    private static Set<String> extensions(String header) {
        return header == null ? Set.of() : Arrays.stream(header.split(",")).map(name -> name.trim().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** The client asked for this Scoria extension. */
    boolean asked(String extension) {
        return extensions.contains(extension);
    }

    /**
     * A call on resources that belong to no project (types, QoS specs…): the URL's project does
     * not matter, as in Cinder (cinderclient's {@code type-access-add --project-id} even changes
     * the caller's project while keeping the endpoint's).
     */
    static ApiCall global(Authenticator auth, HttpHeaders headers) {
        return of(auth, headers, null, true, null);
    }

    Response json(Response.ResponseBuilder builder, Object body) {
        return OpenStackResponses.json(builder, body, context.requestId(), version);
    }

    Response empty(Response.ResponseBuilder builder) {
        return OpenStackResponses.headers(builder, context.requestId(), version).build();
    }

    /** Refuses the call unless the policy allows the caller {@code rule} (Cinder's rule name): 403. */
    ApiCall authorize(String rule) {
        context.authorize(rule);
        return this;
    }

    /** Refuses a request below the microversion that introduced its resource, as Cinder does. */
    ApiCall requireVersion(ApiVersion introduced) {
        if (!version.atLeast(introduced)) {
            throw new ApiFault(404, "The resource could not be found.");
        }
        return this;
    }
}
