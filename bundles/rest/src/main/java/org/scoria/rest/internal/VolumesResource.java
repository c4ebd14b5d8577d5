package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code /v3/{project_id}/volumes}: create, list, detail, show, delete. */
@Component(service = VolumesResource.class, configurationPid = "org.scoria.rest")
@Designate(ocd = VolumesResource.Config.class)
@JaxrsResource
@Path("/v3/{project_id}/volumes")
public class VolumesResource {

    @ObjectClassDefinition(name = "Scoria REST API")
    public @interface Config {
        @AttributeDefinition(name = "Max request body size", description = "Bytes; larger bodies are refused with 413 (Cinder's max_request_body_size).")
        int max_request_body_size() default 114688;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VolumeService volumes;
    private final VolumeRequestReader reader;

    @Activate
    public VolumesResource(@Reference VolumeService volumes, Config config) {
        this.volumes = volumes;
        this.reader = new VolumeRequestReader(config.max_request_body_size());
    }

    @POST
    public Response create(@PathParam("project_id") String project, @HeaderParam(NoAuthContexts.TOKEN_HEADER) String token,
            @Context UriInfo uri, InputStream body) throws IOException {
        RequestContext context = NoAuthContexts.forProject(token, project, true, null);
        Volume volume = volumes.create(context, reader.readCreate(body));
        return respond(Response.status(202), Map.of("volume", VolumeViews.detail(uri.getBaseUri(), volume, false)), context);
    }

    @GET
    public Response list(@PathParam("project_id") String project, @HeaderParam(NoAuthContexts.TOKEN_HEADER) String token,
            @Context UriInfo uri) {
        RequestContext context = NoAuthContexts.forProject(token, project, true, null);
        return respond(Response.ok(), Map.of("volumes", VolumeViews.summaries(uri.getBaseUri(), volumes.list(context))),
                context);
    }

    @GET
    @Path("detail")
    public Response detail(@PathParam("project_id") String project, @HeaderParam(NoAuthContexts.TOKEN_HEADER) String token,
            @Context UriInfo uri) {
        RequestContext context = NoAuthContexts.forProject(token, project, true, null);
        return respond(Response.ok(), Map.of("volumes", VolumeViews.details(uri.getBaseUri(), volumes.list(context))),
                context);
    }

    @GET
    @Path("{volume_id}")
    public Response show(@PathParam("project_id") String project, @PathParam("volume_id") String volumeId,
            @HeaderParam(NoAuthContexts.TOKEN_HEADER) String token, @Context UriInfo uri) {
        RequestContext context = NoAuthContexts.forProject(token, project, false, volumeId);
        Volume volume = volumes.get(context, volumeId);
        return respond(Response.ok(), Map.of("volume", VolumeViews.detail(uri.getBaseUri(), volume, true)), context);
    }

    @DELETE
    @Path("{volume_id}")
    public Response delete(@PathParam("project_id") String project, @PathParam("volume_id") String volumeId,
            @HeaderParam(NoAuthContexts.TOKEN_HEADER) String token) {
        RequestContext context = NoAuthContexts.forProject(token, project, false, volumeId);
        volumes.delete(context, volumeId);
        return Response.status(202)
                .header("OpenStack-API-Version", "volume " + OpenStackResponses.API_VERSION)
                .header("Vary", "OpenStack-API-Version")
                .header("x-openstack-request-id", context.requestId())
                .header("x-compute-request-id", context.requestId())
                .build();
    }

    private static Response respond(Response.ResponseBuilder builder, Object body, RequestContext context) {
        try {
            return OpenStackResponses.json(builder, JSON.writeValueAsString(body), context.requestId()).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response body", e);
        }
    }
}
