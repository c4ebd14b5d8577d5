package org.scoria.persistence;

/**
 * A change of a volume's user-facing text; a field is written only when its {@code set…} flag
 * is true, so that a user can also clear it (set it to {@code null}).
 *
 * @since 1.1
 */
public record VolumeDescription(boolean setName, String name, boolean setDescription, String description) {
}
