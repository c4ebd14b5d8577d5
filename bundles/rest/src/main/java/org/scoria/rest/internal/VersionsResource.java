package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;


/** Version discovery as Cinder answers it: {@code GET /} is 300 Multiple Choices ({@code GET /v3/} is {@link V3Resource}'s). */
@Component(service = VersionsResource.class)
@JaxrsResource
@Path("/")
public class VersionsResource {

    /** When Cinder's maximum microversion, 3.71, was released. */
    static final String UPDATED = "2023-08-31T00:00:00Z";

    static final String OPENAPI = "openapi.json";
    /** The description, read from the bundle once. */
    private static volatile byte[] openApiDocument;

    @GET
    public Response all(@Context HttpHeaders headers, @Context UriInfo uri) {
        return OpenStackResponses.json(Response.status(300), document(uri.getBaseUri()), null,
                ApiVersion.negotiate(headers));
    }

    /** The OpenAPI description of the whole API, kept in the repository and checked against the routes by the tests. */
    @GET
    @Path("openapi.json")
    public Response openApi() throws IOException {
        byte[] document = openApiDocument;
        if (document == null) {
            try (InputStream in = VersionsResource.class.getResourceAsStream(OPENAPI)) {
                if (in == null) {
                    throw new IOException(OPENAPI + " is missing from the bundle");
                }
                document = in.readAllBytes();
            }
            openApiDocument = document;
        }
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Map<String, Object> document(URI base) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        Map<String, Object> v3 = Map.of(
                "id", "v3.0",
                "status", "CURRENT",
                "version", ApiVersion.MAX.toString(),
                "min_version", ApiVersion.MIN.toString(),
                "updated", UPDATED,
                "links", List.of(
                        Map.of("rel", "describedby", "type", "text/html", "href", "https://docs.openstack.org/"),
                        Map.of("rel", "self", "href", root + "v3/")),
                "media-types", List.of(Map.of("base", "application/json",
                        "type", "application/vnd.openstack.volume+json;version=3")));
        return Map.of("versions", List.of(v3));
    }
}
