package org.scoria.persistence;

/**
 * A create or rename would give a resource the name of another live one of its kind.
 *
 * @since 2.1
 */
public class NameInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NameInUseException(String name) {
        super(name);
    }
}
