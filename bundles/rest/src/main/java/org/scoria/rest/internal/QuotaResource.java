package org.scoria.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.scoria.volume.api.QuotaService;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /os-quota-sets}, and the body of {@code /limits}. */
public class QuotaResource {

    private static final String[][] ABSOLUTE_LIMITS = {{"volumes", "Volumes", "Volumes"},
        {"snapshots", "Snapshots", "Snapshots"}, {"gigabytes", "VolumeGigabytes", "Gigabytes"},
        {"backups", "Backups", "Backups"}, {"backup_gigabytes", "BackupGigabytes", "BackupGigabytes"}};

    /** Fields Cinder's clients may send back in a quota set, which are not limits. */
    private static final Set<String> NOT_LIMITS = Set.of("id", "tenant_id");

    private final QuotaService quotas;
    private final RequestReader reader;
    private final Authenticator auth;

    QuotaResource(QuotaService quotas, RequestReader reader, Authenticator auth) {
        this.quotas = quotas;
        this.reader = reader;
        this.auth = auth;
    }

    @GET
    @Path("{target}")
    public Response show(@PathParam("target") String target, @QueryParam("usage") String usage,
            @Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers).authorize("volume_extension:quotas:show");
        if (RequestReader.queryFlag(usage, "usage")) {
            return call.json(Response.ok(), Map.of("quota_set", usageSet(target, quotas.usage(call.context(), target))));
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("id", target);
        set.putAll(quotas.limits(call.context(), target));
        return call.json(Response.ok(), Map.of("quota_set", set));
    }

    @GET
    @Path("{target}/defaults")
    public Response defaults(@PathParam("target") String target, @Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers).authorize("volume_extension:quotas:show");
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("id", target);
        set.putAll(quotas.defaults(call.context()));
        return call.json(Response.ok(), Map.of("quota_set", set));
    }

    @PUT
    @Path("{target}")
    public Response update(@PathParam("target") String target, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        ApiCall call = ApiCall.global(auth, headers);
        Map<String, Long> limits = limits(RequestReader.object(reader.readBody(body), "quota_set"));
        return call.json(Response.ok(), Map.of("quota_set", quotas.update(call.context(), target, limits)));
    }

    @DELETE
    @Path("{target}")
    public Response reset(@PathParam("target") String target, @Context HttpHeaders headers) {
        ApiCall call = ApiCall.global(auth, headers);
        quotas.reset(call.context(), target);
        return call.empty(Response.ok());
    }

    /** {@code GET /limits}: Cinder's absolute limits of the caller's project, with its usage; Scoria has no rate limits. */
    static Response absoluteLimits(QuotaService quotas, ApiCall call) {
        return call.json(Response.ok(), limits(quotas.usage(call.context(), call.context().projectId())));
    }

    /** A quota set with {@code usage=true}: each resource's limit and use; nothing is ever reserved here. */
    static Map<String, Object> usageSet(String target, Map<String, QuotaService.Usage> usage) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("id", target);
        usage.forEach((resource, used) -> set.put(resource, Map.of("limit", used.limit(), "in_use", used.inUse(),
                "reserved", 0)));
        return set;
    }

    /** The body of {@code /limits}. */
    static Map<String, Object> limits(Map<String, QuotaService.Usage> usage) {
        Map<String, Object> absolute = new LinkedHashMap<>();
        // Resource, Cinder's name of its limit, Cinder's name of its usage.
        for (String[] names : ABSOLUTE_LIMITS) {
            QuotaService.Usage of = usage.get(names[0]);
            absolute.put("maxTotal" + names[1], of == null ? -1 : of.limit());
            absolute.put("total" + names[2] + "Used", of == null ? 0 : of.inUse());
        }
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }

    /** Cinder's quota values: integers, or strings of them (the clients send both). */
    static Map<String, Long> limits(JsonNode set) {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = set.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (NOT_LIMITS.contains(field.getKey())) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                limits.put(field.getKey(), value.asLong());
            } else if (value.isTextual() && value.asText().matches("-?[0-9]{1,18}")) {
                limits.put(field.getKey(), Long.parseLong(value.asText()));
            } else {
                throw RequestReader.invalid(field.getKey(), value, "Quota limit must be an integer.");
            }
        }
        return limits;
    }
}
