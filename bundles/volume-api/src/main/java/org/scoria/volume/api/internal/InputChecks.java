package org.scoria.volume.api.internal;

import java.util.Map;

import org.scoria.persistence.VolumeDescription;
import org.scoria.volume.api.InvalidInputException;

/** Cinder's checks of what callers name and describe: names, descriptions, metadata. */
final class InputChecks {

    static final int MAX_TEXT_LENGTH = 255;

    private InputChecks() {
    }

    /** Cinder's metadata checks: keys of 1 to 255 characters, values of at most 255. */
    static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        metadata.forEach((key, value) -> {
            if (key == null || key.isEmpty()) {
                throw new InvalidInputException("Metadata property key blank.");
            }
            if (key.length() > MAX_TEXT_LENGTH) {
                throw new InvalidInputException("Metadata property key greater than 255 characters.");
            }
            if (value == null) {
                throw new InvalidInputException("Metadata property value of " + key + " is null.");
            }
            if (value.length() > MAX_TEXT_LENGTH) {
                throw new InvalidInputException("Metadata property value greater than 255 characters.");
            }
        });
        return metadata;
    }

    /** A new name and description, stripped and checked as {@link #text} does. */
    static VolumeDescription description(VolumeDescription change) {
        return new VolumeDescription(change.setName(), text("name", change.name()), change.setDescription(),
                text("description", change.description()));
    }

    /**
     * Cinder strips names and descriptions before checking and storing them; an all-spaces
     * name is therefore stored as the empty string, as Cinder does.
     */
    static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException(field + " has " + stripped.length() + " characters, more than "
                    + MAX_TEXT_LENGTH + ".");
        }
        return stripped;
    }
}
