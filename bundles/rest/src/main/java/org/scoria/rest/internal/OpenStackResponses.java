package org.scoria.rest.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.RequestContext;

/** The headers every Cinder response carries. */
final class OpenStackResponses {

    private OpenStackResponses() {
    }

    static Response.ResponseBuilder json(Response.ResponseBuilder builder, String body, String requestId,
            ApiVersion version) {
        return headers(builder.entity(body).type(MediaType.APPLICATION_JSON_TYPE), requestId, version);
    }

    static Response.ResponseBuilder headers(Response.ResponseBuilder builder, String requestId, ApiVersion version) {
        String id = requestId == null ? RequestContext.newRequestId() : requestId;
        return builder.header(ApiVersion.HEADER, "volume " + version)
                .header("Vary", ApiVersion.HEADER)
                .header("x-openstack-request-id", id)
                .header("x-compute-request-id", id);
    }
}
