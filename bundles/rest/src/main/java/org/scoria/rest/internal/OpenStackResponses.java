package org.scoria.rest.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.RequestContext;

/** The headers every Cinder response carries. */
final class OpenStackResponses {

    /** Microversions are negotiated from 3.0 up in a later release; until then every answer is 3.0. */
    static final String API_VERSION = "3.0";

    private OpenStackResponses() {
    }

    static Response.ResponseBuilder json(Response.ResponseBuilder builder, String body, String requestId) {
        String id = requestId == null ? RequestContext.newRequestId() : requestId;
        return builder.entity(body).type(MediaType.APPLICATION_JSON_TYPE)
                .header("OpenStack-API-Version", "volume " + API_VERSION)
                .header("Vary", "OpenStack-API-Version")
                .header("x-openstack-request-id", id)
                .header("x-compute-request-id", id);
    }
}
