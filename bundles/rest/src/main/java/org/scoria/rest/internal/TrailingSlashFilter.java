package org.scoria.rest.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * A path under {@code /v3/} that ends in a slash names an empty id ({@code GET /volumes/}) and
 * is not found, as in Cinder, whose routes never match one; JAX-RS alone would serve the
 * collection instead (or refuse the method on it with 405). The version documents {@code /} and
 * {@code /v3/} keep their slash.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@PreMatching
public class TrailingSlashFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path.endsWith("/") && path.length() > "/v3/".length() && path.startsWith("/v3/")) {
            request.abortWith(Faults.fault(404, "The resource could not be found."));
        }
    }
}
