package org.scoria.messaging.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON form of commands and events, on the wire and in the journal alike. */
final class MessageJson {

    /** Fields a newer sender adds are ignored, so that nodes of different versions can talk. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private MessageJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value + " as JSON", e);
        }
    }

    /** A value read from JSON as another type, e.g. a map as a record. */
    static <T> T convert(Object value, Class<T> type) {
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not a {@code type} */
    static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
