package org.scoria.messaging.command;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scoria.messaging.Command;

/** Reads and writes a command's arguments in the forms they have always had on the wire. */
final class WireArguments {

    private final Map<String, String> values;

    private WireArguments(Map<String, String> values) {
        this.values = values;
    }

    static WireArguments of(Command command) {
        return new WireArguments(command.arguments());
    }

    static WireArguments empty() {
        return new WireArguments(new HashMap<>());
    }

    /** @throws IllegalArgumentException when the argument is missing */
    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the command has no argument " + name);
        }
        return value;
    }

    String optional(String name) {
        return values.get(name);
    }

    int number(String name) {
        return Integer.parseInt(required(name));
    }

    /** An instant written as milliseconds since the epoch, or {@code null}. */
    Instant epochMillis(String name) {
        String value = values.get(name);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }

    /** A comma-separated list; empty when missing or blank. */
    List<String> list(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }

    WireArguments put(String name, Object value) {
        if (value != null) {
            values.put(name, value instanceof Instant instant ? Long.toString(instant.toEpochMilli())
                    : String.valueOf(value));
        }
        return this;
    }

    /** A list, comma-separated; nothing when it is empty. */
    WireArguments putList(String name, List<String> list) {
        if (!list.isEmpty()) {
            values.put(name, String.join(",", list));
        }
        return this;
    }

    Command command(TypedCommand command) {
        return new Command(command.type(), command.resourceId(), command.requestId(), values);
    }
}
