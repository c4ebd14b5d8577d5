package org.scoria.volume.api.internal;

import java.util.List;
import java.util.function.Supplier;

import org.scoria.persistence.MissingRowException;
import org.scoria.volume.api.ResourceNotFoundException;

/** Reads one page of a list; a marker that names nothing listed is Cinder's 404. */
final class ListPages {

    private ListPages() {
    }

    static <T> List<T> read(String marker, Supplier<List<T>> page) {
        try {
            return page.get();
        } catch (MissingRowException markerNotFound) {
            throw new ResourceNotFoundException("Marker " + marker + " could not be found.");
        }
    }
}
