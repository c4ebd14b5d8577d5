package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.QuotaService;

/** {@code /os-quota-class-sets}: the limits of quota classes; the {@code default} class's are every project's defaults. */
public class QuotaClassResource {

    private final QuotaService quotas;
    private final RequestReader reader;
    private final Authenticator auth;

    QuotaClassResource(QuotaService quotas, RequestReader reader, Authenticator auth) {
        this.quotas = quotas;
        this.reader = reader;
        this.auth = auth;
    }

    @GET
    @Path("{class_name}")
    public Response showClass(@PathParam("class_name") String className, @Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("id", className);
        set.putAll(quotas.classLimits(call.context(), className));
        return call.json(Response.ok(), Map.of("quota_class_set", set));
    }

    @PUT
    @Path("{class_name}")
    public Response updateClass(@PathParam("class_name") String className, @Context HttpHeaders headers,
            InputStream body) throws IOException {
        ApiCall call = ApiCall.global(auth, headers);
        Map<String, Long> limits = QuotaResource.limits(RequestReader.object(reader.readBody(body), "quota_class_set"));
        return call.json(Response.ok(), Map.of("quota_class_set", quotas.updateClass(call.context(), className, limits)));
    }
}
