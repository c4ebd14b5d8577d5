package org.scoria.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.scoria.spi.scheduler.BackendQuery;

/**
 * Cinder's JSON query language, the scheduler hint {@code query}: a prefix expression such as
 * {@code ["and", [">=", "$free_capacity_gb", 100], ["=", "$storage_protocol", "nfs"]]}. Operators
 * are {@code =}, {@code <}, {@code >}, {@code <=}, {@code >=} (the first argument against every
 * other), {@code in} (the first among the others), {@code not}, {@code and}, {@code or}. A
 * string starting with {@code $} names a backend attribute by its dotted path; an attribute the
 * backend does not have is left out of its operator's arguments, as Cinder does.
 *
 * @since 1.3
 */
public final class JsonQuery implements BackendQuery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATORS = Set.of("=", "<", ">", "<=", ">=", "in", "not", "and", "or");
    /** Queries are evaluated recursively: a user's query nested deeper than this is refused, not a stack overflow. */
    private static final int MAX_DEPTH = 32;

    private final JsonNode query;

    private JsonQuery(JsonNode query) {
        this.query = query;
    }

    /**
     * Reads and checks a query.
     *
     * @throws IllegalArgumentException saying what is wrong with it, for the user
     */
    public static JsonQuery parse(String text) {
        JsonNode query;
        try {
            query = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the query is not JSON: " + e.getOriginalMessage());
        }
        if (query == null || !query.isArray()) {
            throw new IllegalArgumentException("the query must be a JSON array such as [\">=\", \"$free_capacity_gb\", 10]");
        }
        check(query, 1);
        return new JsonQuery(query);
    }

    private static void check(JsonNode query, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the query is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (query.isEmpty()) {
            return;
        }
        JsonNode operator = query.get(0);
        if (!operator.isTextual() || !OPERATORS.contains(operator.asText())) {
            throw new IllegalArgumentException("unknown query operator " + operator + "; known: " + OPERATORS);
        }
        for (int i = 1; i < query.size(); i++) {
            JsonNode argument = query.get(i);
            if (argument.isArray()) {
                check(argument, depth + 1);
            } else if (!argument.isValueNode() || argument.isNull()) {
                throw new IllegalArgumentException("query argument " + argument + " is not a value or a query");
            }
        }
    }

    /** The query as JSON text. */
    @Override
    public String toJson() {
        return query.toString();
    }

    /**
     * Whether a backend matches.
     *
     * @param attributes the backend's attributes by name; nested maps are reached by dotted paths
     */
    @Override
    public boolean matches(Map<String, Object> attributes) {
        return truthy(evaluate(query, path -> lookup(attributes, path)));
    }

    private static Object lookup(Map<String, Object> attributes, String path) {
        Object value = attributes;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    private static Object evaluate(JsonNode query, Function<String, Object> attributes) {
        if (query.isEmpty()) {
            return true;
        }
        List<Object> arguments = new ArrayList<>();
        for (int i = 1; i < query.size(); i++) {
            Object argument = argument(query.get(i), attributes);
            if (argument != null) {
                arguments.add(argument);
            }
        }
        String operator = query.get(0).asText();
        return switch (operator) {
            case "and" -> arguments.stream().allMatch(JsonQuery::truthy);
            case "or" -> arguments.stream().anyMatch(JsonQuery::truthy);
            case "not" -> arguments.stream().anyMatch(argument -> !truthy(argument));
            case "in" -> arguments.size() >= 2 && arguments.subList(1, arguments.size()).stream()
                    .anyMatch(other -> Objects.equals(arguments.get(0), other));
            default -> arguments.size() >= 2 && arguments.subList(1, arguments.size()).stream()
                    .allMatch(other -> compare(operator, arguments.get(0), other));
        };
    }

    private static Object argument(JsonNode node, Function<String, Object> attributes) {
        if (node.isArray()) {
            return evaluate(node, attributes);
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String text = node.asText();
        return text.startsWith("$") ? normalised(attributes.apply(text.substring(1))) : text;
    }

    /** Numbers as doubles, so that 10 and 10.0 compare equal. */
    private static Object normalised(Object value) {
        return value instanceof Number number ? number.doubleValue() : value;
    }

    /** A comparison of values of different kinds (a number and a text) is false, not an error. */
    private static boolean compare(String operator, Object left, Object right) {
        int order;
        if (left instanceof Double a && right instanceof Double b) {
            order = Double.compare(a, b);
        } else if (left instanceof String a && right instanceof String b) {
            order = a.compareTo(b);
        } else if (left instanceof Boolean a && right instanceof Boolean b) {
            order = Boolean.compare(a, b);
        } else {
            return false;
        }
        return switch (operator) {
            case "=" -> order == 0;
            case "<" -> order < 0;
            case ">" -> order > 0;
            case "<=" -> order <= 0;
            default -> order >= 0;
        };
    }

    private static boolean truthy(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Double number) {
            return number != 0;
        }
        if (value instanceof String text) {
            return !text.isEmpty();
        }
        return value != null;
    }

    @Override
    public String toString() {
        return toJson();
    }
}
