package org.scoria.spi.backup;

/**
 * The object asked for does not exist.
 *
 * @since 1.0
 */
public class ObjectMissingException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    public ObjectMissingException(String container, String name) {
        super("object " + name + " does not exist in container " + container);
    }
}
