package org.scoria.persistence;

/**
 * What a volume view shows of its type: the name, and whether the type has an encryption.
 *
 * @since 3.4
 */
public record TypeLabel(String name, boolean encrypted) {
}
