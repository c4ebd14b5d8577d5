package org.scoria.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.scoria.volume.api.ConflictException;
import org.scoria.volume.api.OverQuotaException;
import org.scoria.volume.api.PolicyNotAuthorizedException;
import org.scoria.volume.api.ResourceNotFoundException;
import org.scoria.volume.api.ServiceUnavailableException;
import org.scoria.volume.api.VolumeApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure leaves as a Cinder fault body; an unexpected one is logged and answered 500 without details. */
@Component(service = javax.ws.rs.ext.ExceptionMapper.class)
@JaxrsExtension
public class CinderFaultMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(CinderFaultMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof VolumeApiException) {
            return Faults.fault(status((VolumeApiException) error), error.getMessage());
        }
        if (error instanceof ApiFault fault) {
            Response response = Faults.fault(fault.status(), fault.getMessage());
            if (fault.headers().isEmpty()) {
                return response;
            }
            Response.ResponseBuilder withHeaders = Response.fromResponse(response);
            fault.headers().forEach(withHeaders::header);
            return withHeaders.build();
        }
        if (error instanceof WebApplicationException web && web.getResponse().getStatus() == 405) {
            // Cinder's router has no route for a method a path does not serve: 404, never 405.
            return Faults.fault(404, "The resource could not be found.");
        }
        if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return Faults.fault(web.getResponse().getStatus(), web.getResponse().getStatusInfo().getReasonPhrase() + ".");
        }
        LOG.error("Unexpected error answering a REST request", error);
        return Faults.fault(500, "The server has either erred or is incapable of performing the requested operation.");
    }

    private static int status(VolumeApiException error) {
        if (error instanceof ResourceNotFoundException) {
            return 404;
        }
        if (error instanceof PolicyNotAuthorizedException) {
            return 403;
        }
        if (error instanceof ServiceUnavailableException) {
            return 503;
        }
        if (error instanceof ConflictException) {
            return 409;
        }
        if (error instanceof OverQuotaException) {
            return 413;
        }
        // InvalidInputException, InvalidVolumeStateException: Cinder answers both with 400.
        return 400;
    }
}
