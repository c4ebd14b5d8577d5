package org.scoria.rest.internal;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.scoria.persistence.UserMessage;
import org.scoria.volume.api.MessageService;

/** {@code /messages} (microversion 3.3): list, show, delete. */
public class MessageResource {

    private final MessageService messages;
    private final Authenticator auth;
    private final String pathProject;

    MessageResource(MessageService messages, Authenticator auth, String pathProject) {
        this.messages = messages;
        this.auth = auth;
        this.pathProject = pathProject;
    }

    private ApiCall call(HttpHeaders headers, boolean listing, String messageId) {
        return ApiCall.of(auth, headers, pathProject, listing, "Message " + messageId).requireVersion(ApiVersion.MESSAGES);
    }

    @GET
    public Response list(@QueryParam("resource_uuid") String resourceUuid, @QueryParam("resource_type") String resourceType,
            @QueryParam("event_id") String eventId, @Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, true, null).authorize("message:get_all");
        ResourceFilters.check("message", uri.getQueryParameters(), call.version(), call.context().admin());
        List<Map<String, Object>> views = messages.list(call.context(), resourceUuid, resourceType, eventId).stream()
                .map(message -> view(message, messages.keptUntil(message), uri.getBaseUri(), pathProject)).toList();
        return call.json(Response.ok(), Map.of("messages", views));
    }

    @GET
    @Path("{message_id}")
    public Response show(@PathParam("message_id") String messageId, @Context HttpHeaders headers, @Context UriInfo uri) {
        ApiCall call = call(headers, false, messageId).authorize("message:get");
        UserMessage message = messages.get(call.context(), messageId);
        return call.json(Response.ok(), Map.of("message", view(message, messages.keptUntil(message),
                uri.getBaseUri(), pathProject)));
    }

    @DELETE
    @Path("{message_id}")
    public Response delete(@PathParam("message_id") String messageId, @Context HttpHeaders headers) {
        ApiCall call = call(headers, false, messageId).authorize("message:delete");
        messages.delete(call.context(), messageId);
        return call.empty(Response.noContent());
    }

    static Map<String, Object> view(UserMessage message, Instant keptUntil, URI base, String pathProject) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("request_id", message.requestId());
        view.put("links", OpenStackResponses.links(base, pathProject, "messages", message.id()));
        view.put("message_level", message.messageLevel());
        view.put("event_id", message.eventId());
        view.put("created_at", OpenStackResponses.time(message.createdAt()));
        view.put("guaranteed_until", OpenStackResponses.time(keptUntil));
        view.put("resource_uuid", message.resourceUuid());
        view.put("id", message.id());
        view.put("resource_type", message.resourceType());
        view.put("user_message", message.userMessage());
        return view;
    }
}
