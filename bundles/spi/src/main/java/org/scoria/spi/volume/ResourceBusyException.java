package org.scoria.spi.volume;

/**
 * A driver refuses to delete a volume or snapshot that others still depend on (Cinder's
 * {@code VolumeIsBusy} and {@code SnapshotIsBusy}), e.g. a snapshot with clones made from it.
 * Nothing was changed: the resource goes back to {@code available} with this message as the
 * reason, rather than to {@code error_deleting}.
 *
 * @since 1.3
 */
public class ResourceBusyException extends DriverException {

    private static final long serialVersionUID = 1L;

    public ResourceBusyException(String message) {
        super(message);
    }
}
