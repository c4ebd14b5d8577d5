package org.scoria.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAPI description in the repository names exactly the routes the JAX-RS resources serve
 * (read off their annotations), and says something of each. VolumeApiIT checks, on a running
 * distribution, that each route it names answers.
 */
public class OpenApiDocumentTest {

    private static final String PROJECT_PREFIX = "/v3/{project_id}";
    private static final List<Class<? extends Annotation>> METHODS = List.of(GET.class, POST.class, PUT.class, DELETE.class);

    @Test
    public void documentNamesEveryServedRouteAndNothingElse() throws Exception {
        Set<String> served = new TreeSet<>();
        routes(V3Resource.class, "/v3", served, 0);
        routes(VersionsResource.class, "", served, 0);
        Set<String> normalised = new TreeSet<>();
        for (String route : served) {
            String[] parts = route.split(" ", 2);
            String path = parts[1];
            // A project-less route (3.67) is documented as its project form.
            if (path.startsWith("/v3/") && !path.startsWith(PROJECT_PREFIX + "/")
                    && served.contains(parts[0] + " " + PROJECT_PREFIX + path.substring(3))) {
                continue;
            }
            normalised.add(parts[0] + " " + path.replaceAll("\\{[^}]+}", "{}"));
        }

        JsonNode document = document();
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext();) {
                Map.Entry<String, JsonNode> operation = operations.next();
                documented.add(operation.getKey().toUpperCase() + " " + path.getKey().replaceAll("\\{[^}]+}", "{}"));
                assertTrue(path.getKey() + " " + operation.getKey() + " has a summary",
                        operation.getValue().path("summary").asText().length() > 10);
                assertTrue(path.getKey() + " " + operation.getKey() + " has responses",
                        operation.getValue().path("responses").size() > 0);
            }
        }
        assertEquals(normalised, documented);
        assertEquals("3.71", document.get("info").get("version").asText());
    }

    static JsonNode document() throws Exception {
        try (InputStream in = VersionsResource.class.getResourceAsStream(VersionsResource.OPENAPI)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Resource methods and, through sub-resource locators, the methods of the resources they return. */
    private static void routes(Class<?> type, String prefix, Set<String> routes, int depth) {
        for (Method method : type.getMethods()) {
            Path path = method.getAnnotation(Path.class);
            String full = prefix + (path == null ? "" : "/" + path.value().replaceAll("^/", ""));
            String verb = METHODS.stream().filter(method::isAnnotationPresent).map(Class::getSimpleName).findFirst()
                    .orElse(null);
            if (verb != null) {
                routes.add(verb + " " + (full.isEmpty() ? "/" : full));
            } else if (path != null && depth < 3) {
                routes(method.getReturnType(), full, routes, depth + 1);
            }
        }
    }
}
