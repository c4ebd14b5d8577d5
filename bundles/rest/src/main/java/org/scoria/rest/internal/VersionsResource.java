package org.scoria.rest.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Version discovery as Cinder answers it: {@code GET /} is 300 Multiple Choices, {@code GET /v3/} is 200. */
@Component(service = VersionsResource.class)
@JaxrsResource
@Path("/")
public class VersionsResource {

    static final String MIN_VERSION = "3.0";
    /** The highest microversion this release implements. */
    static final String MAX_VERSION = OpenStackResponses.API_VERSION;
    static final String UPDATED = "2026-11-23T00:00:00Z";

    private static final ObjectMapper JSON = new ObjectMapper();

    @GET
    public Response all(@Context UriInfo uri) throws JsonProcessingException {
        return OpenStackResponses.json(Response.status(300), document(uri.getBaseUri()), null).build();
    }

    @GET
    @Path("v3")
    public Response v3(@Context UriInfo uri) throws JsonProcessingException {
        return OpenStackResponses.json(Response.ok(), document(uri.getBaseUri()), null).build();
    }

    static String document(URI base) throws JsonProcessingException {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        Map<String, Object> v3 = Map.of(
                "id", "v3.0",
                "status", "CURRENT",
                "version", MAX_VERSION,
                "min_version", MIN_VERSION,
                "updated", UPDATED,
                "links", List.of(
                        Map.of("rel", "describedby", "type", "text/html", "href", "https://docs.openstack.org/"),
                        Map.of("rel", "self", "href", root + "v3/")),
                "media-types", List.of(Map.of("base", "application/json",
                        "type", "application/vnd.openstack.volume+json;version=3")));
        return JSON.writeValueAsString(Map.of("versions", List.of(v3)));
    }
}
