package org.scoria.persistence;

/**
 * A row a request refers to does not exist (any longer): the marker of a page, or the volume
 * type a create names when that type was deleted meanwhile. Nothing was written.
 *
 * @since 2.4
 */
public class MissingRowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissingRowException(String message) {
        super(message);
    }
}
