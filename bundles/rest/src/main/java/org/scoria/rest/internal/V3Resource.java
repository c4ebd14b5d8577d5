package org.scoria.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.volume.api.VolumeService;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * {@code /v3}: the version document, and the collections with the project in the URL
 * ({@code /v3/{project_id}/volumes}) or without it ({@code /v3/volumes}, microversion 3.67).
 */
@Component(service = V3Resource.class, configurationPid = "org.scoria.rest")
@Designate(ocd = V3Resource.Config.class)
@JaxrsResource
@Path("/v3")
public class V3Resource {

    @ObjectClassDefinition(name = "Scoria REST API")
    public @interface Config {
        @AttributeDefinition(name = "Max request body size", description = "Bytes; larger bodies are refused with 413 (Cinder's max_request_body_size).")
        int max_request_body_size() default 114688;
    }

    private final VolumeService volumes;
    private final VolumeRequestReader reader;

    @Activate
    public V3Resource(@Reference VolumeService volumes, Config config) {
        this.volumes = volumes;
        this.reader = new VolumeRequestReader(config.max_request_body_size());
    }

    @GET
    public Response version(@Context HttpHeaders headers, @Context UriInfo uri) throws JsonProcessingException {
        ApiVersion version = ApiVersion.negotiate(headers);
        return OpenStackResponses.json(Response.ok(), VersionsResource.document(uri.getBaseUri()), null, version).build();
    }

    @Path("{project_id}/volumes")
    public VolumeCollectionResource projectVolumes(@PathParam("project_id") String project) {
        return new VolumeCollectionResource(volumes, reader, project);
    }

    @Path("volumes")
    public VolumeCollectionResource volumes() {
        return new VolumeCollectionResource(volumes, reader, null);
    }
}
